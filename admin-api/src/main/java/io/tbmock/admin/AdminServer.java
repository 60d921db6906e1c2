package io.tbmock.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tbmock.admin.internal.AdminHttpHandler;
import io.tbmock.admin.internal.AdminHttpInitializer;
import io.tbmock.admin.internal.AdminRoutes;
import io.tbmock.server.TbMockException;
import io.tbmock.server.TbMockServer;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The admin REST API (docs/admin-api.md) of a running {@link TbMockServer}, on its own HTTP port:
 * {@code AdminServer.start(server, "0.0.0.0", 8080)}.
 */
public final class AdminServer implements AutoCloseable {
    public static final int DEFAULT_HTTP_PORT = 8080;

    private final EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("tbmock-admin", true));
    private final Channel serverChannel;

    private AdminServer(TbMockServer server, String bindAddress, int port) {
        AdminHttpHandler handler = new AdminHttpHandler(new AdminRoutes(server, this::port));
        try {
            serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new AdminHttpInitializer(handler))
                .bind(bindAddress, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            String why = e instanceof BindException ? "the port is in use or not available" : e.toString();
            throw new TbMockException("cannot listen for the admin API on " + bindAddress + ":" + port + ": " + why, e);
        }
    }

    /**
     * Binds the port (0 for a free one) and serves the admin API of {@code server}.
     *
     * @throws TbMockException the port cannot be bound; nothing is left running
     */
    public static AdminServer start(TbMockServer server, String bindAddress, int port) {
        return new AdminServer(server, bindAddress, port);
    }

    /** The bound HTTP port. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
