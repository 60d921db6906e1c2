package io.tbmock.server.internal.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.internal.tb.CredentialsResolver;
import io.tbmock.server.internal.tb.ProvisionService;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.UplinkProcessor;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** The MQTT side of the server: the engine, the event loops and the listening ports (plain and TLS). */
public final class MqttTransport implements AutoCloseable {
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("tbmock-mqtt-accept", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory("tbmock-mqtt", true));
    private final MqttEngine engine = new MqttEngine();
    private MqttListener plain;
    private MqttListener tls;

    /**
     * Starts the engine and binds the plain MQTT port, and the MQTTS port when {@code ssl} is given (it may
     * still be in the making: connections wait for it); nothing is left running if that fails.
     */
    public MqttTransport(TbMockOptions options, CompletableFuture<SslContext> ssl, CredentialsResolver credentials,
                         SessionRegistry sessions, UplinkProcessor uplink, ServerRpcService rpc,
                         ProvisionService provisioning, EventJournal journal, LongSupplier clock) {
        FrontServices services = new FrontServices(credentials, sessions, uplink, rpc, provisioning,
            options.provisionCloseDelay(), journal, engine, clock);
        try {
            plain = MqttListener.bind("MQTT", options.bindAddress(), options.mqttPort(), boss, workers, services,
                null, options.maxPacketSize(), options.inactivityTimeout());
            if (ssl != null) {
                tls = MqttListener.bind("MQTTS", options.bindAddress(), options.mqttsPort(), boss, workers, services,
                    ssl, options.maxPacketSize(), options.inactivityTimeout());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int mqttPort() {
        return plain.port();
    }

    /** The bound MQTTS port, if TLS is on. */
    public OptionalInt mqttsPort() {
        return tls == null ? OptionalInt.empty() : OptionalInt.of(tls.port());
    }

    public MqttEngine engine() {
        return engine;
    }

    /**
     * Stops accepting, then stops the engine's threads, then the event loops: in that order no engine thread
     * is left writing to a connection whose event loop is gone.
     */
    @Override
    public void close() {
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
        engine.close();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
