package io.tbmock.server.internal.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine sends a device leaves with ThingsBoard's topic: {@code <shard>/<deviceId>/<tag>/<topic>} becomes
 * {@code <topic>}, and the session hears which delivery went out with which packet id, so the device's
 * PUBACK can be matched to it by packet id.
 *
 * <p>The device's session stage calls it for every write that passes it: the engine's, which come from behind
 * it. It is not a handler of its own, which would cost every connection a pipeline entry and a channel attribute
 * to find the session by (some 90 bytes an idle session).
 *
 * <p>Buffers: the payload is passed on in the rewritten message, and released by the encoder.
 */
final class OutboundRewriter {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundRewriter.class);

    private OutboundRewriter() {
    }

    /** Writes {@code msg} on from {@code ctx}; a PUBLISH with its topic rewritten, for {@code session}. */
    static void write(ChannelHandlerContext ctx, DeviceSession session, Object msg, ChannelPromise promise) {
        if (!(msg instanceof MqttPublishMessage publish)) {
            ctx.write(msg, promise);
            return;
        }
        MqttEngine.Addressed addressed = MqttEngine.Addressed.parse(session.device().id(),
            publish.variableHeader().topicName());
        if (addressed == null) {
            // Cannot happen by construction; if it ever did, the device must not see it.
            LOG.error("Dropped an outbound message to {} on a connection it is not addressed to",
                publish.variableHeader().topicName());
            publish.release();
            promise.setSuccess();
            return;
        }
        int packetId = publish.variableHeader().packetId();
        boolean duplicate = session.takeDuplicate(addressed.deliveryTag());
        ByteBuf again = duplicate ? publish.payload().retainedDuplicate() : null;
        ctx.write(new MqttPublishMessage(publish.fixedHeader(), new MqttPublishVariableHeader(addressed.topic(), packetId),
            publish.payload()), promise);
        session.written(addressed.deliveryTag(), packetId, publish.fixedHeader().qosLevel().value());
        if (duplicate) { // the same message again: DUP set (at QoS 1), same packet id, as a resend after a lost PUBACK
            MqttQoS qos = publish.fixedHeader().qosLevel();
            ctx.write(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, qos != MqttQoS.AT_MOST_ONCE, qos,
                false, 0), new MqttPublishVariableHeader(addressed.topic(), packetId), again));
        }
    }
}
