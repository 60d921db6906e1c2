package io.tbmock.server.internal.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import io.tbmock.server.internal.tb.ReasonCode;

import java.util.concurrent.TimeUnit;

/**
 * Closing a device connection with a reason, whichever stage closes it. The reason is kept on the channel
 * (the first one given wins) for the journal's DISCONNECT event. An MQTT 5 connection first gets a
 * DISCONNECT with ThingsBoard's reason code, and is closed once it is written, or after ThingsBoard's
 * {@code disconnect_timeout} if the write hangs (docs/thingsboard-mqtt.md §1.6); an MQTT 3.x connection just closes.
 */
final class Closing {
    /** ThingsBoard's {@code transport.mqtt.disconnect_timeout}. */
    private static final long DISCONNECT_TIMEOUT_MS = 1000;

    private static final AttributeKey<String> REASON = AttributeKey.valueOf("tbmock.closeReason");
    private static final AttributeKey<Boolean> MQTT_5 = AttributeKey.valueOf("tbmock.mqtt5");

    private Closing() {
    }

    /** Called at CONNECT: from now on server-side closes of this connection speak MQTT 5. */
    static void mqtt5(Channel channel) {
        channel.attr(MQTT_5).set(true);
    }

    static boolean isMqtt5(Channel channel) {
        return Boolean.TRUE.equals(value(channel, MQTT_5));
    }

    /**
     * Closes the connection; an MQTT 5 one after a DISCONNECT with {@code reasonCode}, unless that is
     * {@link ReasonCode#NONE}. A close already under way is left to finish.
     */
    static void close(Channel channel, String reason, int reasonCode) {
        boolean disconnect = reasonCode != ReasonCode.NONE && isMqtt5(channel);
        String recorded = disconnect ? reason + " (DISCONNECT " + ReasonCode.hex(reasonCode) + ")" : reason;
        if (channel.attr(REASON).setIfAbsent(recorded) != null) {
            return;
        }
        if (!disconnect || !channel.isActive()) {
            channel.flush(); // answers to the packets read before this one still leave
            channel.close();
            return;
        }
        channel.writeAndFlush(MqttPackets.disconnect(reasonCode)).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule((Runnable) channel::close, DISCONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the server has begun closing the connection: what the device sent after the packet that closed
     * it (the rest of the same read) is not handled.
     */
    static boolean begun(Channel channel) {
        return value(channel, REASON) != null;
    }

    /** Why the connection closed: the reason given when the server closed it, else "connection lost". */
    static String reason(Channel channel) {
        String reason = value(channel, REASON);
        return reason == null ? "connection lost" : reason;
    }

    /**
     * The attribute's value, or null. {@code attr(key)} alone would add the attribute to the channel: an entry on
     * every connection (32 bytes) for a value most never have.
     */
    private static <T> T value(Channel channel, AttributeKey<T> key) {
        return channel.hasAttr(key) ? channel.attr(key).get() : null;
    }
}
