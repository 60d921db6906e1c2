package io.tbmock.server.internal.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.util.ReferenceCountUtil;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.NewFault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A device's ready session: every PUBLISH goes to the ThingsBoard rules, in arrival order on the event loop,
 * and is acknowledged, ignored or answered with a close as they decide; SUBSCRIBE and UNSUBSCRIBE keep
 * ThingsBoard's subscription table; PUBACKs settle what the server sent and go on to the engine, which
 * tracks its in-flight messages. Nothing else reaches the engine.
 */
final class DeviceSessionStage extends SessionStage {
    static final String NAME = "deviceSession";

    private final DeviceSession session;

    DeviceSessionStage(FrontServices services, DeviceSession session) {
        super(services);
        this.session = session;
    }

    @Override
    protected String deviceName() {
        return session.device().name();
    }

    /** What the engine sends the device leaves with ThingsBoard's topic ({@link OutboundRewriter}). */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        OutboundRewriter.write(ctx, session, msg, promise);
    }

    @Override
    protected String clientId() {
        return session.clientId();
    }

    @Override
    protected boolean deviceRemoved() {
        if (!session.device().removed()) {
            return false;
        }
        if (session.isOpen()) { // a reset's race: not yet closing; once closing, no more closes are queued
            session.close("the device was deleted", ReasonCode.ADMINISTRATIVE_ACTION);
        }
        return true;
    }

    @Override
    protected void onPacket(MqttMessage msg) {
        switch (msg.fixedHeader().messageType()) {
            case PUBLISH:
                onPublish((MqttPublishMessage) msg);
                onActivity();
                break;
            case PUBACK:
                session.acknowledged(((MqttPubAckMessage) msg).variableHeader().messageId());
                ctx.fireChannelRead(ReferenceCountUtil.retain(msg)); // the engine's in-flight tracking
                break;
            case SUBSCRIBE:
                onSubscribe((MqttSubscribeMessage) msg);
                onActivity();
                break;
            case PUBREC:
            case PUBREL:
            case PUBCOMP:
                break; // QoS 2 is answered with PUBACK; ThingsBoard ignores the rest of the QoS 2 flow
            case CONNECT:
                // ThingsBoard would process it again; tbmock closes, as MQTT calls it a protocol error.
                closeBecause("a second CONNECT on the same connection", ReasonCode.PROTOCOL_ERROR);
                break;
            default:
                // AUTH, and packets only a server sends: ThingsBoard ignores them.
                journal(Direction.IN, EventType.REJECTED, null, null,
                    msg.fixedHeader().messageType() + " from a device: ThingsBoard ignores it");
        }
    }

    private void onPublish(MqttPublishMessage publish) {
        int packetId = publish.variableHeader().packetId();
        String topic = Topics.shared(publish.variableHeader().topicName());
        byte[] payload = ByteBufUtil.getBytes(publish.content());
        if (rateLimited(topic, payload)) {
            return;
        }
        NewFault pubackFault = packetId > 0 ? pubackFault(topic) : null;
        UplinkResult result = pubackFault != null && pubackFault.dropMessage() ? UplinkResult.ACK
            : services.uplink().process(session, topic, publish.fixedHeader().qosLevel().value(), payload);
        switch (result.action()) {
            case ACK:
                if (packetId > 0) { // QoS 0 has no packet id; QoS 2 is answered with PUBACK too
                    acknowledge(packetId, result.reasonCode(), pubackFault);
                }
                closeIfFaultSaysSo(topic);
                break;
            case CLOSE:
                closeBecause(result.reason(), result.reasonCode());
                break;
            case ACK_AND_CLOSE:
                if (packetId > 0) {
                    ctx.writeAndFlush(MqttPackets.pubAck(packetId, result.reasonCode()));
                }
                closeBecause(result.reason(), result.reasonCode());
                break;
            default:
                break;
        }
    }

    /**
     * The publish draws on the device's rate limits (a RATE_LIMIT fault): refused, ThingsBoard processes nothing,
     * sends no PUBACK and closes the connection (MQTT 5: DISCONNECT 0x83).
     *
     * @return whether it was refused
     */
    private boolean rateLimited(String topic, byte[] payload) {
        UplinkTopic uplink = UplinkTopic.classify(topic, session.topics());
        boolean telemetry = uplink.kind() == UplinkKind.TELEMETRY;
        IntSupplier dataPoints = () -> session.uplinkCodec(uplink.family()).dataPoints(payload);
        if (services.faults().admit(session.device().name(), Event.MQTT, telemetry, dataPoints, topic,
            "refused a publish: the " + (telemetry ? "telemetry" : "message") + " rate limit") == null) {
            return false;
        }
        String reason = "rate limit exceeded (a RATE_LIMIT fault): ThingsBoard drops the publish, sends no PUBACK and "
            + "closes the connection";
        journal(Direction.IN, EventType.REJECTED, topic, null, reason);
        closeBecause(reason, ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
        return true;
    }

    /** The PUBACK fault that fires for this publish, if any (docs/faults.md): withheld, delayed or another code. */
    private NewFault pubackFault(String topic) {
        String device = session.device().name();
        NewFault fault = services.faults().fire(FaultKind.WITHHOLD_PUBACK, device, Event.MQTT, topic, "withheld the PUBACK");
        if (fault == null) {
            fault = services.faults().fire(FaultKind.DELAY_PUBACK, device, Event.MQTT, topic, "delayed the PUBACK");
        }
        if (fault == null) {
            fault = services.faults().fire(FaultKind.PUBACK_REASON, device, Event.MQTT, topic, "answered with another PUBACK");
        }
        return fault;
    }

    private void acknowledge(int packetId, int reasonCode, NewFault fault) {
        if (fault == null) {
            ctx.write(MqttPackets.pubAck(packetId, reasonCode));
            return;
        }
        switch (fault.kind()) {
            case WITHHOLD_PUBACK -> {
                // never acknowledged: the device's retry with DUP is the point
            }
            case DELAY_PUBACK -> ctx.executor().schedule(
                () -> ctx.writeAndFlush(MqttPackets.pubAck(packetId, reasonCode)), fault.delayMs(), TimeUnit.MILLISECONDS);
            default -> ctx.write(MqttPackets.pubAck(packetId, fault.reasonCode()));
        }
    }

    /** A CLOSE fault this publish completes closes the connection once its PUBACK is out. */
    private void closeIfFaultSaysSo(String topic) {
        NewFault close = services.faults().published(session.device().name(), topic);
        if (close != null) {
            closeBecause("closed by a CLOSE fault after " + close.afterMessages() + " publishes",
                close.reasonCode() == null ? ReasonCode.NONE : close.reasonCode());
        }
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        boolean rpcRegistered = false;
        List<Integer> codes = new ArrayList<>();
        for (MqttTopicSubscription requested : subscribe.payload().topicSubscriptions()) {
            String filter = requested.topicFilter();
            int granted = session.grant(filter, requested.qualityOfService().value());
            if (granted == SubscriptionRules.FAILURE) {
                int refusal = SubscriptionRules.refusal(session.isMqtt5());
                codes.add(refusal);
                journal(Direction.IN, EventType.REJECTED, filter, null, "topic filter not accepted by ThingsBoard (SUBACK "
                    + ReasonCode.hex(refusal) + "); only its exact filters are");
            } else {
                codes.add(granted);
                session.subscribe(filter, granted);
                journal(Direction.IN, EventType.SUBSCRIBE, filter, JsonWriter.object(json -> json.field("qos", granted)),
                    null);
                rpcRegistered |= session.effect(filter) == SubscriptionRules.Effect.RPC_REQUESTS;
            }
        }
        ctx.write(MqttPackets.subAck(subscribe.variableHeader().messageId(), codes));
        if (rpcRegistered) {
            services.rpc().subscribed(session); // pending RPCs follow the SUBACK
        }
    }

    @Override
    protected boolean unsubscribed(String filter) {
        boolean existed = session.unsubscribe(filter);
        journal(Direction.IN, EventType.UNSUBSCRIBE, filter, null, existed ? null : "no such subscription");
        return existed;
    }

    @Override
    protected void onActivity() {
        services.states().activity(session.device());
    }

    @Override
    protected void onClosed(String reason) {
        boolean wasCurrent = services.sessions().remove(session);
        journal(Direction.IN, EventType.DISCONNECT, null, null, reason);
        if (wasCurrent) { // a session another displaced leaves the device connected: no disconnect time
            services.states().disconnected(session.device());
        }
        session.markClosed(services.sessions());
    }
}
