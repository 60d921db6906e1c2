package io.tbmock.server.internal.mqtt;

import io.netty.handler.traffic.ChannelTrafficShapingHandler;

import io.netty.channel.Channel;

/** How the rules reach one device connection: sends go through the engine, closing happens on the event loop. */
final class EngineChannel implements DeviceChannel {
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

    private static final String THROTTLE = "tbmock-throttle";
}
