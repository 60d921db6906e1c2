package io.tbmock.server.internal.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.tbmock.server.TbMockException;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A bound MQTT port; its connections run on the shared event loop groups. It accepts nobody until
 * {@link #accept()}: a device that connects meanwhile waits in the kernel's backlog rather than being
 * refused by a server whose devices are not made yet.
 */
final class MqttListener implements AutoCloseable {
    /**
     * Sizes every connection's reads. It keeps nothing of a connection (each has a handle of its own), yet Netty makes
     * one for each connection unless given one: 40 bytes an idle session.
     */
    private static final RecvByteBufAllocator READ_SIZES = new AdaptiveRecvByteBufAllocator();

    private final Channel serverChannel;

    private MqttListener(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /**
     * Binds the port (0 for a free one); devices are accepted once {@link #accept()} is called.
     *
     * @throws TbMockException the port cannot be bound, with the reason
     */
    static MqttListener bind(String name, String host, int port, EventLoopGroup boss, EventLoopGroup workers,
                             FrontServices services, Supplier<CompletableFuture<SslContext>> ssl, int maxPacketSize) {
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(boss, workers)
            .channelFactory(DeviceSocketChannel.Server::new)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, READ_SIZES)
            .childHandler(new MqttChannelInitializer(services, ssl, maxPacketSize));
        try {
            return new MqttListener(bootstrap.bind(host, port).syncUninterruptibly().channel());
        } catch (Exception e) {
            String why = e instanceof BindException ? "the port is in use or not available"
                : e instanceof UnresolvedAddressException ? "no such address (the host name cannot be resolved)"
                : e.toString();
            throw new TbMockException("cannot listen for " + name + " on " + host + ":" + port + ": " + why, e);
        }
    }

    /** Starts accepting the devices that connect, those already waiting first. */
    void accept() {
        serverChannel.config().setAutoRead(true);
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
