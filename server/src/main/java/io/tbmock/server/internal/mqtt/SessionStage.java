package io.tbmock.server.internal.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.tbmock.server.internal.tb.ReasonCode;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection past CONNECT: the packets every kind of session answers alike (PINGREQ, DISCONNECT,
 * UNSUBSCRIBE, malformed packets) are answered here; the rest goes to the session kind.
 *
 * <p>Buffers: every inbound packet is released here once handled; a stage that passes one on retains it.
 *
 * <p>Answers (PUBACK, SUBACK, UNSUBACK, PINGRESP) are written as packets are read and flushed together when
 * the read is complete: a device that sends ten publishes at once gets ten PUBACKs in one write.
 */
abstract class SessionStage extends FrontStage {

    SessionStage(FrontServices services) {
        super(services);
    }

    /** Handles a packet other than PINGREQ, DISCONNECT and UNSUBSCRIBE. */
    protected abstract void onPacket(MqttMessage msg);

    /**
     * The device unsubscribed from {@code filter}; the UNSUBACK follows.
     *
     * @return whether the session had that subscription (MQTT 5's UNSUBACK says 0x11 if not)
     */
    protected abstract boolean unsubscribed(String filter);

    /**
     * The device did something that counts as activity for ThingsBoard's device state (a PINGREQ, SUBSCRIBE,
     * UNSUBSCRIBE or PUBLISH); a provision session has no device, so nothing to record.
     */
    protected void onActivity() {
    }

    /** The connection is gone, for {@code reason}. */
    protected abstract void onClosed(String reason);

    /**
     * Whether the session's device was deleted (or reset away) while its connection was still being closed:
     * what it sends meanwhile is neither handled nor journaled.
     */
    protected boolean deviceRemoved() {
        return false;
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object raw) {
        MqttMessage msg = (MqttMessage) raw;
        try {
            if (Closing.begun(ctx.channel()) || deviceRemoved()) {
                return; // the rest of a read whose earlier packet closed the connection, or a deleted device's
            }
            if (msg.decoderResult().isFailure()) {
                onMalformedPacket(msg.decoderResult().cause());
                return;
            }
            switch (msg.fixedHeader().messageType()) {
                case PINGREQ:
                    ctx.write(MqttPackets.PINGRESP);
                    onActivity();
                    break;
                case DISCONNECT:
                    onDisconnect(msg);
                    break;
                case UNSUBSCRIBE:
                    onUnsubscribe((MqttUnsubscribeMessage) msg);
                    onActivity();
                    break;
                default:
                    onPacket(msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * ThingsBoard closes the connection, and writes an MQTT 5 device a DISCONNECT 0x00 back first (docs/thingsboard-mqtt.md §13).
     * What the device's DISCONNECT said (its reason code, a session expiry ThingsBoard does not keep) goes to
     * the journal.
     */
    private void onDisconnect(MqttMessage disconnect) {
        StringBuilder reason = new StringBuilder("the device sent DISCONNECT");
        if (Closing.isMqtt5(ctx.channel())
            && disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            reason.append(" with reason code ").append(ReasonCode.hex(header.reasonCode()));
            MqttProperties.MqttProperty<?> expiry = header.properties()
                .getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
            if (expiry != null) {
                reason.append(" and session expiry ").append(expiry.value()).append(" s (ThingsBoard keeps no session)");
            }
        }
        closeBecause(reason.toString(), ReasonCode.SUCCESS);
    }

    /**
     * UNSUBACK: for MQTT 5, 0x00 for each filter the session had, 0x11 (no subscription existed) for the others;
     * before MQTT 5 it carries no codes (docs/thingsboard-mqtt.md §1.5), and Netty's encoder would write any it is given.
     */
    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
        List<Short> codes = new ArrayList<>();
        for (String filter : unsubscribe.payload().topics()) {
            codes.add((short) (unsubscribed(filter) ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED));
        }
        ctx.write(MqttPackets.unsubAck(unsubscribe.variableHeader().messageId(),
            Closing.isMqtt5(ctx.channel()) ? codes : List.of()));
    }

    /**
     * Sends what the read's packets were answered with. Moquette is not told that the read is complete: all it
     * would do is hand its session thread a command to re-drain the session's queue (a thread hand-off per
     * read), which the PUBACKs passed on to it already do for the messages they free room for.
     */
    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) {
        onClosed(Closing.reason(ctx.channel()));
        ctx.fireChannelInactive();
    }
}
