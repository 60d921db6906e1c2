package io.tbmock.server.internal.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.internal.tb.ThingsBoardCore;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The MQTT side of the server: the engine, the event loops and the listening ports (plain and TLS). */
public final class MqttTransport implements AutoCloseable {
    /** How long a stop waits for its connections to take their DISCONNECT and close (beyond: closed anyway). */
    private static final long CLOSE_WAIT_MS = 1500;

    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("tbmock-mqtt-accept", true));
    /** One event loop per core (Netty's default is two): the front never blocks, so more only add wake-ups. */
    private final EventLoopGroup workers = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        new DefaultThreadFactory("tbmock-mqtt", true));
    private final MqttEngine engine = new MqttEngine();
    private final ChannelGroup connections = new DefaultChannelGroup("tbmock-mqtt-connections",
        GlobalEventExecutor.INSTANCE);
    private MqttListener plain;
    private MqttListener tls;

    /**
     * Starts the engine and binds the plain MQTT port, and the MQTTS port when {@code ssl} is given (asked
     * for at each TLS connection; connections wait while it is made); nothing is left running if that fails.
     * Devices are accepted from {@link #acceptConnections()} on.
     */
    public MqttTransport(TbMockOptions options, Supplier<CompletableFuture<SslContext>> ssl, ThingsBoardCore core) {
        FrontServices services = new FrontServices(new CredentialsResolver(core.devices(), core.profiles()), core.sessions(),
            core.states(), uplinkProcessor(options, core), core.rpc(), core.provisioning(), options.provisionCloseDelay(),
            core.journal(), engine, core.clock(), connections, new MqttDownlinks(core.exchanges(), core.clock(), core.faults(), core.scheduler()),
            core.profiles(), core.faults());
        try {
            if (options.mqttPort() != TbMockOptions.DISABLED) {
                plain = MqttListener.bind("MQTT", options.bindAddress(), options.mqttPort(), boss, workers, services,
                    null, options.maxPacketSize());
            }
            if (ssl != null) {
                tls = MqttListener.bind("MQTTS", options.bindAddress(), options.mqttsPort(), boss, workers, services,
                    ssl, options.maxPacketSize());
            }
            InactivitySweep.start(connections, options.inactivityTimeout(), boss);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The MQTT rules over the core: its topics, its gateway API, its packet-level answers. */
    private static UplinkProcessor uplinkProcessor(TbMockOptions options, ThingsBoardCore core) {
        MqttDownlinks downlinks = new MqttDownlinks(core.exchanges(), core.clock(), core.faults(), core.scheduler());
        AttributeRequests attributes = new AttributeRequests(core.exchanges(), downlinks, core.clock());
        GatewayService gateways = new GatewayService(core.devices(), core.factory(), core.sessions(), core.exchanges(),
            downlinks, attributes, core.rpc(), core.claims(), core.states(), core.clock());
        return new UplinkProcessor(core.exchanges(), core.uploads(), attributes, core.rpc(),
            new ClientRpcRequests(core.clientRpc(), core.exchanges(), downlinks, options::maxPacketSize, core.faults()), core.claims(),
            new OtaChunks(core.ota(), core.exchanges(), downlinks, core.scheduler(), options::maxPacketSize,
                core.faults()), gateways);
    }

    /** Accepts devices on the bound ports, once the server's starting state is in place. */
    public void acceptConnections() {
        if (plain != null) {
            plain.accept();
        }
        if (tls != null) {
            tls.accept();
        }
    }

    /** The bound plain MQTT port, or {@link TbMockOptions#DISABLED} when plain MQTT is off. */
    public int mqttPort() {
        return plain == null ? TbMockOptions.DISABLED : plain.port();
    }

    /** The bound MQTTS port, if TLS is on. */
    public OptionalInt mqttsPort() {
        return tls == null ? OptionalInt.empty() : OptionalInt.of(tls.port());
    }

    public MqttEngine engine() {
        return engine;
    }

    /**
     * Stops accepting; closes every connection, an MQTT 5 one after a DISCONNECT 0x8B (server shutting down),
     * waiting up to {@link #CLOSE_WAIT_MS} for them; then stops the engine's threads, then the event loops: in
     * that order no engine thread is left writing to a connection whose event loop is gone.
     */
    @Override
    public void close() {
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
        for (Channel connection : connections) {
            connection.eventLoop().execute(() -> Closing.close(connection, "the server is stopping",
                ReasonCode.SERVER_SHUTTING_DOWN));
        }
        connections.newCloseFuture().awaitUninterruptibly(CLOSE_WAIT_MS);
        engine.close();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
