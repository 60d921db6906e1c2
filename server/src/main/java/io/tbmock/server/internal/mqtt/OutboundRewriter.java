package io.tbmock.server.internal.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine sends a device leaves with ThingsBoard's topic: {@code d/<deviceId>/<tag>/<topic>} becomes
 * {@code <topic>}, and the session hears which delivery went out with which packet id, so the device's
 * PUBACK can be matched to it by packet id. Stateless: the session is the channel's {@link #SESSION}.
 *
 * <p>Buffers: the payload is passed on in the rewritten message, and released by the encoder.
 */
@ChannelHandler.Sharable
final class OutboundRewriter extends ChannelOutboundHandlerAdapter {
    static final String NAME = "deviceOutbound";
    static final OutboundRewriter INSTANCE = new OutboundRewriter();

    private static final Logger LOG = LoggerFactory.getLogger(OutboundRewriter.class);
    private static final AttributeKey<DeviceSession> SESSION = AttributeKey.valueOf("tbmock.session");

    private OutboundRewriter() {
    }

    /** Makes {@code session} the one messages on {@code channel} are for. */
    static void bind(Channel channel, DeviceSession session) {
        channel.attr(SESSION).set(session);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof MqttPublishMessage publish)) {
            ctx.write(msg, promise);
            return;
        }
        DeviceSession session = ctx.channel().attr(SESSION).get();
        MqttEngine.Addressed addressed = session == null ? null
            : MqttEngine.Addressed.parse(session.device().id(), publish.variableHeader().topicName());
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
