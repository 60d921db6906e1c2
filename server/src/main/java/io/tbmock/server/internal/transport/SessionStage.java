package io.tbmock.server.internal.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;

/**
 * A connection past CONNECT: the packets every kind of session answers alike (PINGREQ, DISCONNECT,
 * UNSUBSCRIBE, malformed packets) are answered here; the rest goes to the session kind.
 *
 * <p>Buffers: every inbound packet is released here once handled; a stage that passes one on retains it.
 */
abstract class SessionStage extends FrontStage {

    SessionStage(FrontServices services) {
        super(services);
    }

    /** Handles a packet other than PINGREQ, DISCONNECT and UNSUBSCRIBE. */
    protected abstract void onPacket(MqttMessage msg);

    /** The device unsubscribed from {@code filter}; the UNSUBACK follows. */
    protected abstract void unsubscribed(String filter);

    /** The connection is gone, for {@code reason}. */
    protected abstract void onClosed(String reason);

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object raw) {
        MqttMessage msg = (MqttMessage) raw;
        try {
            if (msg.decoderResult().isFailure()) {
                onMalformedPacket(msg.decoderResult().cause());
                return;
            }
            switch (msg.fixedHeader().messageType()) {
                case PINGREQ:
                    ctx.writeAndFlush(MqttPackets.PINGRESP);
                    break;
                case DISCONNECT:
                    closeBecause("the device sent DISCONNECT");
                    break;
                case UNSUBSCRIBE:
                    MqttUnsubscribeMessage unsubscribe = (MqttUnsubscribeMessage) msg;
                    unsubscribe.payload().topics().forEach(this::unsubscribed);
                    ctx.writeAndFlush(MqttPackets.unsubAck(unsubscribe.variableHeader().messageId()));
                    break;
                default:
                    onPacket(msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        onClosed(Closing.reason(ctx.channel()));
        ctx.fireChannelInactive();
    }
}
