package io.tbmock.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tbmock.admin.internal.AdminAccess;
import io.tbmock.admin.internal.AdminHttpHandler;
import io.tbmock.admin.internal.AdminHttpInitializer;
import io.tbmock.admin.internal.AdminRoutes;
import io.tbmock.admin.internal.Route;
import io.tbmock.admin.internal.devicehttp.DeviceHttpApi;
import io.tbmock.admin.internal.endpoints.WebViewFiles;
import io.tbmock.admin.internal.tbrest.TbRestApi;
import io.tbmock.server.TbMockException;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The admin REST API (docs/admin-api.md) of a running {@link TbMockServer}, on its own HTTP port:
 * {@code AdminServer.start(server, "0.0.0.0", 8080)}; with a token and HTTPS,
 * {@code AdminServer.start(server, AdminServer.options().port(8080).token("s3cret").https(true))}.
 */
public final class AdminServer implements AutoCloseable {
    public static final int DEFAULT_HTTP_PORT = 8080;
    /** Where the web view is served: the journal and the devices, live, in a browser. */
    public static final String WEB_VIEW_PATH = WebViewFiles.PATH;
    /** ThingsBoard's demo tenant administrator, who logs in to its REST API ({@code /api}) unless told otherwise. */
    public static final String DEFAULT_TENANT_USERNAME = TbRestApi.Settings.DEFAULT_TENANT_USERNAME;
    public static final String DEFAULT_TENANT_PASSWORD = TbRestApi.Settings.DEFAULT_TENANT_PASSWORD;
    /** How long a stop waits for the 503s of the calls still waiting to be written. */
    private static final Duration STOP_ANSWER_TIMEOUT = Duration.ofSeconds(1);

    private final EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("tbmock-admin", true));
    private final Channel serverChannel;
    private final boolean https;
    private final TbRestApi thingsboardApi;
    private final AdminHttpHandler handler;

    private AdminServer(TbMockServer server, Options options) {
        https = options.https;
        thingsboardApi = new TbRestApi(server, options.thingsboard);
        DeviceHttpApi deviceApi = new DeviceHttpApi(server.devicePort(), server.options().httpRequestTimeout(), group,
            thingsboardApi::otaFile);
        List<Route> apiRoutes = new ArrayList<>(deviceApi.routes());
        apiRoutes.addAll(thingsboardApi.routes());
        handler = new AdminHttpHandler(new AdminRoutes(server, this::port, apiRoutes));
        try {
            SslContext tls = options.https ? server.httpsContext() : null;
            serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new AdminHttpInitializer(handler, AdminAccess.of(options.token), tls,
                    TbRestApi.webSocketName(), thingsboardApi.webSocket()))
                .bind(options.bindAddress, options.port).syncUninterruptibly().channel();
        } catch (Exception e) {
            thingsboardApi.close();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof TbMockException refused) {
                throw refused;
            }
            String why = e instanceof BindException ? "the port is in use or not available"
                : e instanceof UnresolvedAddressException ? "no such address (the host name cannot be resolved)"
                : e.toString();
            throw new TbMockException("cannot listen for the admin API on " + options.bindAddress + ":" + options.port
                + ": " + why, e);
        }
    }

    /**
     * Binds the port (0 for a free one) and serves the admin API of {@code server}, open to anyone who reaches
     * the port, over plain HTTP.
     *
     * @throws TbMockException the port cannot be bound; nothing is left running
     */
    public static AdminServer start(TbMockServer server, String bindAddress, int port) {
        return start(server, options().bindAddress(bindAddress).port(port));
    }

    /**
     * Serves the admin API of {@code server} as {@code options} say.
     *
     * @throws TbMockException the port cannot be bound, or HTTPS cannot be set up; nothing is left running
     */
    public static AdminServer start(TbMockServer server, Options options) {
        return new AdminServer(server, options);
    }

    /** Where and how the admin API listens: all addresses, port 8080, plain HTTP and no token by default. */
    public static Options options() {
        return new Options();
    }

    /** The bound HTTP port. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Whether the API is served over HTTPS. */
    public boolean https() {
        return https;
    }

    /**
     * Stops serving: a call still waiting (a long poll, an RPC's answer) is answered 503 first, then the port and
     * every connection are closed.
     */
    @Override
    public void close() {
        handler.answerWaitingCalls().completeOnTimeout(null, STOP_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .join();
        thingsboardApi.close();
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** How the admin API listens. */
    public static final class Options {
        private String bindAddress = TbMockOptions.DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_HTTP_PORT;
        private String token;
        private boolean https;
        private TbRestApi.Settings thingsboard = TbRestApi.Settings.DEFAULT;

        private Options() {
        }

        /**
         * The tenant administrator who logs in to ThingsBoard's REST API ({@code /api/auth/login}); ThingsBoard's
         * demo {@code tenant@thingsboard.org} / {@code tenant} unless set.
         *
         * @throws IllegalArgumentException the username is blank, or the password empty
         */
        public Options tenantLogin(String username, String password) {
            if (username == null || username.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("the tenant login needs a username and a password");
            }
            thingsboard = new TbRestApi.Settings(username, password, thingsboard.accessTokenLifetime(),
                thingsboard.refreshTokenLifetime());
            return this;
        }

        /** How long the REST API's access tokens last: ThingsBoard's 9000 s unless set (0: already expired). */
        public Options accessTokenLifetime(Duration lifetime) {
            thingsboard = new TbRestApi.Settings(thingsboard.tenantUsername(), thingsboard.tenantPassword(), lifetime,
                thingsboard.refreshTokenLifetime());
            return this;
        }

        public Options bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /** The port; 0 picks a free one ({@link AdminServer#port()} tells which). */
        public Options port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Every call but {@code GET /admin/health} must carry {@code Authorization: Bearer <token>}, else it is
         * answered 401; null (the default) leaves the API open.
         *
         * @throws IllegalArgumentException the token is empty, or has characters a header value cannot carry
         */
        public Options token(String token) {
            this.token = token == null ? null : AdminAccess.checkToken(token);
            return this;
        }

        /** Serve HTTPS with the server certificate the MQTTS port presents (the CA's, or the one given). */
        public Options https(boolean https) {
            this.https = https;
            return this;
        }
    }
}
