package io.tbmock.admin.internal.tbrest;

import io.netty.channel.ChannelHandler;
import io.tbmock.admin.internal.Route;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockServer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * ThingsBoard's own REST API, the part device tests call (docs/thingsboard-rest.md), served under {@code /api}
 * beside the admin API: one script runs against tbmock and a real ThingsBoard by changing its base URL. Every
 * entity is the core's (the device made here is the one MQTT, the admin API and the Java API see); what
 * ThingsBoard keeps beside it is kept here, and forgotten at a reset. Ids are stable for the server's life.
 */
public final class TbRestApi implements AutoCloseable {
    private final List<Route> routes;
    private final TelemetrySubscriptions subscriptions;
    private final TelemetryWebSocket webSocket;
    private final TbOtaPackages packages;

    public TbRestApi(TbMockServer server, Settings settings) {
        TbMock tb = server.mock();
        String tenantId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        String customerId = UUID.randomUUID().toString();
        TbAuth auth = new TbAuth(List.of(
            new TbUser(UUID.randomUUID().toString(), settings.tenantUsername(), settings.tenantPassword(),
                TbUser.Authority.TENANT_ADMIN, TbIds.NULL_UUID, now),
            new TbUser(UUID.randomUUID().toString(), Settings.CUSTOMER_USERNAME, Settings.CUSTOMER_PASSWORD,
                TbUser.Authority.CUSTOMER_USER, customerId, now)),
            tenantId, settings.accessTokenLifetime(), settings.refreshTokenLifetime());
        DeviceProfiles profiles = new DeviceProfiles(tb, tenantId);
        packages = new TbOtaPackages(tb, tenantId);
        TbCustomers customers = new TbCustomers(tenantId, customerId);
        TbDevices devices = new TbDevices(tb, server.devicePort(), tenantId, profiles, packages, customers);
        subscriptions = new TelemetrySubscriptions(server);
        webSocket = new TelemetryWebSocket(auth, tb, subscriptions);

        TbRoutes all = new TbRoutes(auth);
        AuthRoutes.register(all, auth, tenantId);
        DeviceRoutes.register(all, tb, devices);
        ProfileRoutes.register(all, tb, profiles);
        TelemetryRoutes.register(all, tb, subscriptions);
        Runnable forgetRpcs = RpcRoutes.register(all, tb, devices, tenantId);
        OtaRoutes.register(all, packages, profiles);
        ClaimRoutes.register(all, tb, devices);
        CustomerRoutes.register(all, tb, customers, devices);
        DeviceConnectivity.register(all, server, devices);
        routes = List.copyOf(all.all());
        server.onReset(() -> {
            profiles.reset();
            packages.reset();
            customers.reset();
            devices.reset();
            forgetRpcs.run();
        });
    }

    public List<Route> routes() {
        return routes;
    }

    /** The file a package's data was uploaded as through this API, by the core's package id, if it was. */
    public Optional<OtaFile> otaFile(String corePackageId) {
        return packages.file(corePackageId);
    }

    /** The handler that upgrades {@code /api/ws…} to the telemetry WebSocket; it goes before the API's handler. */
    public ChannelHandler webSocket() {
        return webSocket;
    }

    /** The name of {@link #webSocket()} in a pipeline. */
    public static String webSocketName() {
        return TelemetryWebSocket.NAME;
    }

    @Override
    public void close() {
        subscriptions.close();
    }

    /**
     * Who may log in and how long tokens last. ThingsBoard's demo logins by default; a customer user,
     * {@code customer@thingsboard.org} / {@code customer}, is there for claiming, which only customers may do.
     */
    public record Settings(String tenantUsername, String tenantPassword, Duration accessTokenLifetime,
                           Duration refreshTokenLifetime) {
        /** ThingsBoard's demo tenant administrator. */
        public static final String DEFAULT_TENANT_USERNAME = "tenant@thingsboard.org";
        public static final String DEFAULT_TENANT_PASSWORD = "tenant";
        public static final String CUSTOMER_USERNAME = "customer@thingsboard.org";
        public static final String CUSTOMER_PASSWORD = "customer";
        /** ThingsBoard's {@code security.jwt.tokenExpirationTime} and {@code refreshTokenExpTime}. */
        public static final Settings DEFAULT = new Settings(DEFAULT_TENANT_USERNAME, DEFAULT_TENANT_PASSWORD,
            Duration.ofSeconds(9000), Duration.ofSeconds(604800));

        public Settings {
            Objects.requireNonNull(tenantUsername, "tenantUsername");
            Objects.requireNonNull(tenantPassword, "tenantPassword");
            if (accessTokenLifetime.isNegative() || refreshTokenLifetime.isNegative()) {
                throw new IllegalArgumentException("token lifetimes must not be negative");
            }
        }
    }
}
