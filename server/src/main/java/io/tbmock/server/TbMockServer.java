package io.tbmock.server;

import io.netty.handler.ssl.SslContext;
import io.tbmock.server.internal.DefaultTbMock;
import io.tbmock.server.internal.StoppedGuard;
import io.tbmock.server.internal.state.ClientRpcStubs;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.state.OtaPackages;
import io.tbmock.server.internal.state.ProvisionProfiles;
import io.tbmock.server.internal.state.Waits;
import io.tbmock.server.internal.tb.AttributeService;
import io.tbmock.server.internal.tb.ClaimHandler;
import io.tbmock.server.internal.tb.ClientRpcService;
import io.tbmock.server.internal.tb.CredentialsResolver;
import io.tbmock.server.internal.tb.DeviceFactory;
import io.tbmock.server.internal.tb.DeviceService;
import io.tbmock.server.internal.tb.DeviceWaits;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.GatewayService;
import io.tbmock.server.internal.tb.MockState;
import io.tbmock.server.internal.tb.OtaService;
import io.tbmock.server.internal.tb.ProvisionService;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.internal.tb.UplinkProcessor;
import io.tbmock.server.internal.tls.ServerPki;
import io.tbmock.server.internal.transport.MqttTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.LongSupplier;

/**
 * A running mock ThingsBoard: {@code try (TbMockServer server = TbMockServer.start(options)) { … }}.
 * {@link #mock()} is the handle to drive it with.
 */
public final class TbMockServer implements AutoCloseable {
    /** This tbmock's version. */
    public static final String VERSION = readVersion();

    private final TbMockOptions options;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService notifier;
    private final MqttTransport transport;
    private final MockState state;
    private final TbMock mock;
    private CompletableFuture<ServerPki> pki; // see pki()
    private volatile boolean running = true;

    private TbMockServer(TbMockOptions options) {
        this.options = options;
        LongSupplier clock = System::currentTimeMillis;
        scheduler = new ScheduledThreadPoolExecutor(1, daemon("tbmock-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        notifier = Executors.newSingleThreadExecutor(daemon("tbmock-notify"));
        EventJournal journal = new EventJournal(options.journalCapacity(), scheduler, notifier, clock);
        DeviceRegistry devices = new DeviceRegistry();
        SessionRegistry sessions = new SessionRegistry();
        ClientRpcStubs stubs = new ClientRpcStubs();
        ProvisionProfiles profiles = new ProvisionProfiles();
        OtaPackages packages = new OtaPackages();
        DeviceFactory factory = new DeviceFactory(devices, this::pki, clock, options.maxValuesPerKey());
        Exchanges exchanges = new Exchanges(journal);
        AttributeService attributes = new AttributeService(devices, sessions, exchanges);
        ServerRpcService rpc = new ServerRpcService(devices, sessions, exchanges, scheduler, clock);
        ClientRpcService clientRpc = new ClientRpcService(devices, stubs, exchanges, scheduler, clock,
            options.clientRpcTimeout(), options::maxPacketSize);
        OtaService ota = new OtaService(packages, devices, attributes, exchanges, scheduler, clock,
            options::maxPacketSize);
        ProvisionService provisioning = new ProvisionService(profiles, devices, factory);
        ClaimHandler claims = new ClaimHandler(exchanges, clock);
        GatewayService gateways = new GatewayService(devices, factory, sessions, exchanges, attributes, rpc, claims,
            clock);
        UplinkProcessor uplink = new UplinkProcessor(exchanges, attributes, rpc, clientRpc, claims, ota, gateways,
            clock);
        try {
            CompletableFuture<SslContext> ssl = options.mqttsPort() == TbMockOptions.DISABLED ? null
                : pki().thenApply(ServerPki::sslContext);
            transport = new MqttTransport(options, ssl, new CredentialsResolver(devices), sessions, uplink, rpc,
                provisioning, journal, clock);
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            notifier.shutdownNow();
            throw e;
        }
        state = new MockState(devices, sessions, profiles, packages, stubs, journal);
        mock = StoppedGuard.guard(new DefaultTbMock(state, new DeviceService(devices, sessions, factory, profiles),
            provisioning, ota, attributes, rpc, clientRpc,
            new DeviceWaits(devices, sessions, rpc, new Waits(journal, scheduler)), journal, this::pki,
            options.setup()),
            () -> running);
    }

    /**
     * Starts a server and returns once its port is bound and its {@link TbMockOptions#setup() setup} applied.
     * The port accepts devices only after the setup: one that connects as soon as the port opens finds its
     * device made.
     *
     * @throws TbMockException a port cannot be bound, or the setup fails (with its own exception); nothing is
     *                         left running
     */
    public static TbMockServer start(TbMockOptions options) {
        TbMockServer server = new TbMockServer(options);
        try {
            options.setup().apply(server.mock).join();
            server.transport.acceptConnections();
        } catch (CompletionException | CancellationException e) {
            server.stop();
            throw e.getCause() instanceof RuntimeException cause ? cause
                : new TbMockException("the mock's starting state could not be set up: " + e.getMessage(), e);
        } catch (RuntimeException e) { // a setup that throws instead of failing its future
            server.stop();
            throw e;
        }
        return server;
    }

    /** The handle to set devices up, read what they sent and wait for what they do. */
    public TbMock mock() {
        return mock;
    }

    /** The bound plain MQTT port (the real one when 0 was asked for). */
    public int mqttPort() {
        return transport.mqttPort();
    }

    /** The bound MQTTS port, or empty when TLS is off. */
    public OptionalInt mqttsPort() {
        return transport.mqttsPort();
    }

    public TbMockOptions options() {
        return options;
    }

    /** Running, and the MQTT engine has not failed. */
    public boolean healthy() {
        return running && transport.engine().failure() == null;
    }

    /**
     * Closes every connection and the ports, ends the waits in progress and every unfinished RPC, and stops the
     * server's threads. From now on every call of {@link #mock()} fails at once, saying the server is stopped.
     */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        transport.close();
        state.stop(new TbMockException("the tbmock server stopped"));
        scheduler.shutdownNow();
        notifier.shutdown();
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The CA and server certificate, made on first use: at start when TLS is on, else when an X.509 device is
     * minted. A CA made afresh is made in the background (JDK TLS and BouncyCastle take most of a second to
     * load, cold), so start-up does not wait for it; given certificates or a state directory are read at
     * once, so a bad file fails the start.
     */
    private synchronized CompletableFuture<ServerPki> pki() {
        if (pki == null) {
            if (options.tlsCertificate().isPresent() || options.stateDirectory().isPresent()) {
                pki = CompletableFuture.completedFuture(ServerPki.prepare(options));
            } else {
                pki = CompletableFuture.supplyAsync(() -> ServerPki.prepare(options),
                    runnable -> daemon("tbmock-tls-setup").newThread(runnable).start());
            }
        }
        return pki;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String readVersion() {
        try (InputStream in = TbMockServer.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
