package io.tbmock.server.internal.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;

/**
 * How the rules reach one device connection: sends go through the engine (a QoS 0 one with nothing queued ahead
 * of it is written in the engine's place instead), closing happens on the event loop.
 */
final class EngineChannel implements DeviceChannel {
    private static final String THROTTLE = "tbmock-throttle";

    private final MqttEngine engine;
    private final String deviceId;
    private final Channel channel;

    EngineChannel(MqttEngine engine, String deviceId, Channel channel) {
        this.engine = engine;
        this.deviceId = deviceId;
        this.channel = channel;
    }

    @Override
    public boolean send(long deliveryTag, String topic, int qos, byte[] payload) {
        return engine.publish(deviceId, deliveryTag, topic, qos, payload);
    }

    /**
     * Written from the engine's place in the pipeline, as its own writes are: the topic rewriting, the delivery
     * report, the faults' duplicates, the encoder, a stall or throttle and TLS all see it as they see the engine's.
     */
    @Override
    public boolean sendAtMostOnce(long deliveryTag, String topic, byte[] payload) {
        ChannelHandlerContext engineStage = channel.pipeline().context(MqttChannelInitializer.ENGINE);
        if (engineStage == null || !channel.isActive()) {
            return false;
        }
        engineStage.writeAndFlush(new MqttPublishMessage(
            new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE, false, 0),
            new MqttPublishVariableHeader(MqttEngine.engineTopic(deviceId, deliveryTag, topic), 0),
            Unpooled.wrappedBuffer(payload)));
        return true;
    }

    @Override
    public boolean writable() {
        return DeviceSocketChannel.sendBufferHasRoom(channel);
    }

    /**
     * Closes in a later task of the channel's event loop: a close asked for while a message is being written
     * (an OTA error, a dropped chunk) lets that message be flushed first.
     */
    @Override
    public void close(String reason, int reasonCode) {
        channel.eventLoop().execute(() -> Closing.close(channel, reason, reasonCode));
    }

    @Override
    public void stall(long ms, Runnable begun) {
        channel.eventLoop().execute(() -> {
            if (Stall.begin(channel, ms)) {
                begun.run();
            }
        });
    }

    /** A traffic shaper nearest the socket (before TLS: the bytes on the wire are what is throttled). */
    @Override
    public void throttle(long bytesPerSecond) {
        channel.eventLoop().execute(() -> {
            if (channel.pipeline().get(THROTTLE) != null) {
                channel.pipeline().remove(THROTTLE);
            }
            if (bytesPerSecond > 0) {
                channel.pipeline().addFirst(THROTTLE, new ChannelTrafficShapingHandler(bytesPerSecond, bytesPerSecond));
            }
        });
    }
}
