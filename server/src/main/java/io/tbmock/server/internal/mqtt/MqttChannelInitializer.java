package io.tbmock.server.internal.mqtt;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The pipeline of a device connection, as few handlers as its concerns allow (each costs every connection an
 * entry):
 * <pre>
 * [ssl →] MqttDecoder(max packet) → MqttEncoder → connect → Moquette
 * </pre>
 * Every stage reads the device only while what it is sent leaves ({@link FrontStage#channelWritabilityChanged}).
 * {@link ConnectStage} replaces itself with the session's stage once the session is ready
 * ({@link DeviceSessionStage}, which rewrites what the engine sends with {@link OutboundRewriter}; or
 * {@link ProvisionSessionStage}, which also drops the engine and the inactivity close). After CONNACK, Moquette
 * adds its own stages at the head (a keep-alive handler and an in-flight resender), which the connect stage removes.
 */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String SSL = "ssl";
    static final String DECODER = "mqttDecoder";
    static final String ENCODER = "mqttEncoder";
    static final String ENGINE = "moquette";

    private final FrontServices services;
    private final Supplier<CompletableFuture<SslContext>> ssl;
    private final int maxPacketSize;

    /**
     * @param ssl the TLS context for an MQTTS port, asked for at each connection (the first asks for it to be
     *            made; connections wait while it is), or null for plain MQTT
     */
    MqttChannelInitializer(FrontServices services, Supplier<CompletableFuture<SslContext>> ssl, int maxPacketSize) {
        this.services = services;
        this.ssl = ssl;
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        services.connections().add(channel); // a closed channel leaves the group by itself
        if (ssl != null) {
            addTls(channel);
        }
        pipeline.addLast(DECODER, new MqttDecoder(maxPacketSize));
        pipeline.addLast(ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(ConnectStage.NAME, new ConnectStage(services));
        pipeline.addLast(ENGINE, services.engine().protocolHandler());
    }

    /**
     * Puts TLS at the head of the pipeline. A connection that arrives while the server certificate is still
     * being made (the first ones) reads nothing until it is ready, then proceeds as any other.
     */
    private void addTls(SocketChannel channel) {
        CompletableFuture<SslContext> tls = ssl.get();
        if (tls.isDone() && !tls.isCompletedExceptionally()) {
            channel.pipeline().addFirst(SSL, tls.join().newHandler(channel.alloc()));
            return;
        }
        channel.config().setAutoRead(false);
        tls.whenComplete((context, failure) -> channel.eventLoop().execute(() -> {
            if (failure != null) {
                channel.close();
                return;
            }
            channel.pipeline().addFirst(SSL, context.newHandler(channel.alloc()));
            channel.config().setAutoRead(true);
        }));
    }
}
