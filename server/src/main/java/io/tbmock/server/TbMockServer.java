package io.tbmock.server;

import io.netty.handler.ssl.SslContext;
import io.tbmock.server.internal.DefaultTbMock;
import io.tbmock.server.internal.StoppedGuard;
import io.tbmock.server.internal.mqtt.MqttTransport;
import io.tbmock.server.internal.state.ClientRpcStubs;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.state.OtaPackages;
import io.tbmock.server.internal.state.ProvisionProfiles;
import io.tbmock.server.internal.state.Waits;
import io.tbmock.server.device.DevicePort;
import io.tbmock.server.internal.tb.AttributeChanges;
import io.tbmock.server.internal.tb.AttributeService;
import io.tbmock.server.internal.tb.ClaimHandler;
import io.tbmock.server.internal.tb.ClientRpcService;
import io.tbmock.server.internal.tb.CoreDevicePort;
import io.tbmock.server.internal.tb.DeviceFactory;
import io.tbmock.server.internal.tb.DeviceService;
import io.tbmock.server.internal.tb.DeviceStates;
import io.tbmock.server.internal.tb.DeviceWaits;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.MockState;
import io.tbmock.server.internal.tb.OtaService;
import io.tbmock.server.internal.tb.FaultService;
import io.tbmock.server.internal.tb.ProfileService;
import io.tbmock.server.internal.tb.ProvisionService;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.internal.tb.SyncPolls;
import io.tbmock.server.internal.tb.ThingsBoardCore;
import io.tbmock.server.internal.tb.Uploads;
import io.tbmock.server.internal.tls.ServerPki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A running mock ThingsBoard: {@code try (TbMockServer server = TbMockServer.start(options)) { … }}.
 * {@link #mock()} is the handle to drive it with.
 */
public final class TbMockServer implements AutoCloseable {
    /** This tbmock's version. */
    public static final String VERSION = readVersion();
    /**
     * How late event listeners (the launcher's console) may hear an event: a device flood then wakes their
     * thread a few hundred times a second, not once an event.
     */
    private static final Duration LISTENER_BATCH = Duration.ofMillis(5);
    /** How long a stop waits for the listeners to hear the last events. */
    private static final long LISTENER_DRAIN_MS = 1000;

    private final TbMockOptions options;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService notifier;
    private final MqttTransport transport;
    private final MockState state;
    private final AttributeChanges attributeChanges;
    private final TbMock mock;
    private final DevicePort devicePort;
    private CompletableFuture<ServerPki> pki; // see pki()
    private CompletableFuture<SslContext> sslContext; // see sslContext()
    private volatile boolean running = true;

    private TbMockServer(TbMockOptions options) {
        this.options = options;
        LongSupplier clock = System::currentTimeMillis;
        scheduler = new ScheduledThreadPoolExecutor(1, daemon("tbmock-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        notifier = Executors.newSingleThreadExecutor(daemon("tbmock-notify"));
        EventJournal journal = new EventJournal(options.journalCapacity(), scheduler, notifier, LISTENER_BATCH, clock);
        DeviceRegistry devices = new DeviceRegistry();
        SessionRegistry sessions = new SessionRegistry();
        ClientRpcStubs stubs = new ClientRpcStubs();
        ProvisionProfiles profiles = new ProvisionProfiles();
        OtaPackages packages = new OtaPackages();
        attributeChanges = new AttributeChanges(notifier);
        DeviceStates states = new DeviceStates(scheduler, clock, options.deviceInactivityTimeout(), journal,
            attributeChanges);
        DeviceFactory factory = new DeviceFactory(devices, states, this::pki, clock, options.maxValuesPerKey());
        Exchanges exchanges = new Exchanges(journal);
        SyncPolls polls = new SyncPolls();
        AttributeService attributes = new AttributeService(devices, sessions, polls, states, attributeChanges);
        ServerRpcService rpc = new ServerRpcService(devices, sessions, polls, exchanges, scheduler, clock);
        ClientRpcService clientRpc = new ClientRpcService(devices, stubs, exchanges, scheduler, clock,
            options.clientRpcTimeout());
        OtaService ota = new OtaService(packages, devices, attributes, exchanges, clock);
        ProvisionService provisioning = new ProvisionService(profiles, devices, factory);
        ProfileService deviceProfiles = new ProfileService(clock);
        FaultService faults = new FaultService(journal, clock, scheduler, sessions, devices);
        ThingsBoardCore core = new ThingsBoardCore(devices, sessions, states, factory, exchanges,
            new Uploads(exchanges, ota, clock), attributes, rpc, clientRpc, new ClaimHandler(exchanges, clock), ota,
            provisioning, deviceProfiles, faults, polls, journal, scheduler, clock);
        devicePort = new CoreDevicePort(core);
        try {
            Supplier<CompletableFuture<SslContext>> ssl = null;
            if (options.mqttsPort() != TbMockOptions.DISABLED) {
                ssl = this::sslContext;
                if (options.tlsCertificate().isPresent() || options.stateDirectory().isPresent()) {
                    pki(); // read now, so that a bad file fails the start
                }
            }
            transport = new MqttTransport(options, ssl, core);
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            notifier.shutdownNow();
            throw e;
        }
        state = new MockState(devices, sessions, polls, profiles, deviceProfiles, faults, packages, stubs, journal);
        mock = StoppedGuard.guard(new DefaultTbMock(state, new DeviceService(devices, sessions, polls, factory, profiles,
            states, exchanges, rpc),
            provisioning, deviceProfiles, faults, ota, attributes, rpc, clientRpc,
            new DeviceWaits(devices, sessions, rpc, faults, new Waits(journal, scheduler)), journal, this::pki,
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

    /**
     * The bound plain MQTT port (the real one when 0 was asked for), or {@link TbMockOptions#DISABLED} when
     * plain MQTT is off.
     */
    public int mqttPort() {
        return transport.mqttPort();
    }

    /** The bound MQTTS port, or empty when TLS is off. */
    public OptionalInt mqttsPort() {
        return transport.mqttsPort();
    }

    /**
     * The core's door for a device transport served outside this module: the HTTP device API, which lives on
     * the admin module's HTTP server, reaches devices through it (and nothing else of the server's internals).
     */
    public DevicePort devicePort() {
        return devicePort;
    }

    public TbMockOptions options() {
        return options;
    }

    /**
     * A TLS context presenting the server certificate the MQTTS port presents (minted from the CA, or the
     * one given), asking no client certificate: for serving the admin API over HTTPS. Makes the certificate
     * now if no device has needed it yet.
     *
     * @throws TbMockException the certificate or key cannot be read or made
     */
    public SslContext httpsContext() {
        try {
            return pki().join().httpsContext();
        } catch (CompletionException e) {
            throw e.getCause() instanceof TbMockException cause ? cause
                : new TbMockException("cannot set up TLS: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Runs {@code listener} at every reset of the mock ({@link TbMock#reset()}, {@code POST /admin/reset}), once
     * the core has forgotten its devices, profiles and packages and before the start-up setup is applied again:
     * for a layer that keeps state of its own about them (the ThingsBoard REST API's device profiles).
     */
    public void onReset(Runnable listener) {
        state.onReset(listener);
    }

    /**
     * Tells {@code listener} the name of each device whose attributes changed without an event in the journal
     * saying so (set through an API, or written by the device state service), on the server's notifier thread:
     * for a layer that pushes attributes on (the ThingsBoard REST API's telemetry WebSocket).
     */
    public void onAttributesChanged(Consumer<String> listener) {
        attributeChanges.listen(listener);
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
        state.stop(new ServerStoppedException("the tbmock server stopped"));
        scheduler.shutdownNow();
        notifier.shutdown();
        try {
            // Listeners hear the last events (the disconnects of the close) before stop() returns.
            notifier.awaitTermination(LISTENER_DRAIN_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The CA and server certificate, made on first use: the first MQTTS connection, an X.509 device minted, the
     * CA asked for. Start-up does not pay for them: JDK TLS and BouncyCastle take most of a second of CPU to
     * load, cold, which a server whose devices use plain MQTT never needs. A CA made afresh is made in the
     * background; given certificates or a state directory are read at once, and at start, so a bad file
     * fails the start.
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

    /** The MQTTS port's TLS context, made with the {@link #pki()} when the first TLS device connects. */
    private synchronized CompletableFuture<SslContext> sslContext() {
        if (sslContext == null) {
            sslContext = pki().thenApply(ServerPki::sslContext);
        }
        return sslContext;
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
