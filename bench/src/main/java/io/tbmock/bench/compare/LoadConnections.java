package io.tbmock.bench.compare;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The connections of a load generator, on one event loop so that the generator costs every server alike, and
 * their closing: once it begins, the clients stop sending.
 */
final class LoadConnections implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final List<Channel> channels = new ArrayList<>();
    private volatile boolean stopping;

    /** A bootstrap for one more connection on the load's event loop. */
    Bootstrap bootstrap() {
        return new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
    }

    void add(Channel channel) {
        channels.add(channel);
    }

    /** Whether closing began: a client sends nothing more, and a connection closing is no surprise. */
    boolean stopping() {
        return stopping;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Channel channel : channels) {
            channel.close().sync();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
