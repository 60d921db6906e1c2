package io.tbmock.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.util.concurrent.TimeUnit;

/**
 * The least any server on Netty costs at start: one event loop and one bound port, nothing else, in a fresh JVM.
 * Prints how long that took inside the JVM; bench/startup.sh also times its launch to exit beside the JVM's floor
 * and tbmock's launch. tbmock's own start-up cannot go below this while Netty carries its listeners.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.NettyFloor</pre>
 */
public final class NettyFloor {
    private NettyFloor() {
    }

    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        EventLoopGroup group = new NioEventLoopGroup(1);
        long grouped = System.nanoTime();
        Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
        long bound = System.nanoTime();
        System.out.printf("Netty's floor, cold: event loop group %.1f ms, bind %.1f ms, %.1f ms in all%n",
            (grouped - start) / 1e6, (bound - grouped) / 1e6, (bound - start) / 1e6);
        listener.close().sync();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).sync();
        System.exit(0); // Netty's global executor would keep the JVM up for a second more
    }
}
