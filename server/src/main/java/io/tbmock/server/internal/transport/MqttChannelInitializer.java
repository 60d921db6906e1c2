package io.tbmock.server.internal.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a device connection:
 * {@code [ssl →] inactivity → MqttDecoder(max packet) → MqttEncoder → DeviceFrontHandler → Moquette}.
 * After CONNACK, Moquette adds its own stages at the head (a keep-alive handler, idle since the front
 * forwards keep-alive 0); the front removes Moquette's in-flight resender.
 */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String SSL = "ssl";
    static final String INACTIVITY = "inactivity";
    static final String DECODER = "mqttDecoder";
    static final String ENCODER = "mqttEncoder";
    static final String ENGINE = "moquette";

    private final FrontServices services;
    private final CompletableFuture<SslContext> ssl;
    private final int maxPacketSize;
    private final Duration inactivityTimeout;

    /** @param ssl the TLS context for an MQTTS port (perhaps still in the making), or null for plain MQTT */
    MqttChannelInitializer(FrontServices services, CompletableFuture<SslContext> ssl, int maxPacketSize,
                           Duration inactivityTimeout) {
        this.services = services;
        this.ssl = ssl;
        this.maxPacketSize = maxPacketSize;
        this.inactivityTimeout = inactivityTimeout;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (ssl != null) {
            addTls(channel);
        }
        pipeline.addLast(INACTIVITY, new IdleStateHandler(inactivityTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast(DECODER, new MqttDecoder(maxPacketSize));
        pipeline.addLast(ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(DeviceFrontHandler.NAME, new DeviceFrontHandler(services));
        pipeline.addLast(ENGINE, services.engine().protocolHandler());
    }

    /**
     * Puts TLS at the head of the pipeline. A connection that arrives while the server certificate is still
     * being made reads nothing until it is ready, then proceeds as any other.
     */
    private void addTls(SocketChannel channel) {
        if (ssl.isDone() && !ssl.isCompletedExceptionally()) {
            channel.pipeline().addFirst(SSL, ssl.join().newHandler(channel.alloc()));
            return;
        }
        channel.config().setAutoRead(false);
        ssl.whenComplete((context, failure) -> channel.eventLoop().execute(() -> {
            if (failure != null) {
                channel.close();
                return;
            }
            channel.pipeline().addFirst(SSL, context.newHandler(channel.alloc()));
            channel.config().setAutoRead(true);
        }));
    }
}
