package io.tbmock.server.internal.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tbmock.server.internal.tb.ClosableSession;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.ProvisionService;
import io.tbmock.server.internal.tb.proto.ProvisionMessages;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A provision-only session (docs/thingsboard-mqtt.md §9.1): a CONNECT with username or client id {@code provision}. It may
 * publish to {@code /provision/request} and subscribe to {@code /provision/response}, nothing else; the
 * answer comes on {@code /provision/response} whether subscribed or not, and the connection is closed a
 * while after it. No device is behind it, so it needs no engine session: this stage answers everything,
 * numbering its few PUBLISHes from 1, as ThingsBoard's transport does, and never resends.
 */
final class ProvisionSessionStage extends SessionStage implements ClosableSession {
    static final String NAME = "provisionSession";

    private final String clientId;
    private final boolean mqtt5;
    private Integer responseQos;
    private int nextPacketId = 1;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    ProvisionSessionStage(FrontServices services, MqttConnectMessage connect) {
        super(services);
        this.clientId = connect.payload().clientIdentifier();
        this.mqtt5 = connect.variableHeader().version() == MqttVersion.MQTT_5.protocolLevel();
    }

    /** No device is behind the session; only the request and its answer name one. */
    @Override
    protected String deviceName() {
        return null;
    }

    @Override
    protected String clientId() {
        return clientId;
    }

    /** Accepts the session: CONNACK 0 whatever the password; ThingsBoard checks nothing here. */
    void accept(MqttConnectMessage connect, String connectDescription) {
        services.sessions().track(this); // a reset closes it too
        journal(Direction.IN, EventType.CONNECT, null, connectDescription, null);
        ctx.writeAndFlush(MqttPackets.connAck(0, !connect.variableHeader().isCleanSession()));
    }

    @Override
    protected void onPacket(MqttMessage msg) {
        switch (msg.fixedHeader().messageType()) {
            case PUBLISH:
                onPublish((MqttPublishMessage) msg);
                break;
            case SUBSCRIBE:
                onSubscribe((MqttSubscribeMessage) msg);
                break;
            case PUBACK:
                break; // the device acknowledging the answer; nothing is resent anyway
            default:
                journal(Direction.IN, EventType.REJECTED, null, null,
                    msg.fixedHeader().messageType() + " in a provision session: ThingsBoard ignores it");
        }
    }

    private void onPublish(MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        int packetId = publish.variableHeader().packetId();
        byte[] payload = ByteBufUtil.getBytes(publish.content());
        String text = new String(payload, StandardCharsets.UTF_8);
        if (!Topics.PROVISION_REQUEST.equals(topic)) {
            String reason = "a provision session may only publish to " + Topics.PROVISION_REQUEST
                + "; ThingsBoard acknowledges and closes it";
            journal(Direction.IN, EventType.REJECTED, topic, text, reason);
            acknowledge(packetId, ReasonCode.TOPIC_NAME_INVALID);
            closeBecause(reason, ReasonCode.TOPIC_NAME_INVALID);
            return;
        }
        ProvisionService.Outcome outcome = services.provisioning().provision(payload, true);
        if (outcome instanceof ProvisionService.Outcome.Invalid invalid) {
            onInvalid(topic, text, packetId, invalid.reason());
        } else if (outcome instanceof ProvisionService.Outcome.Failed failed) {
            String reason = "provision request ThingsBoard fails on: " + failed.reason()
                + "; it acknowledges (MQTT 5: PUBACK 0x83), sends no answer and closes the connection";
            journal(Direction.IN, EventType.REJECTED, topic, text, reason);
            acknowledge(packetId, ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
            closeBecause(reason, ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
        } else {
            ProvisionService.Outcome.Answer answer = (ProvisionService.Outcome.Answer) outcome;
            boolean protobuf = answer.protobuf() != null;
            services.journal().append(answer.device(), null, clientId, Event.MQTT, Direction.IN,
                EventType.PROVISION_REQUEST, topic, protobuf ? ProvisionMessages.describeRequest(payload) : text,
                protobuf ? payload : null, null);
            acknowledge(packetId, ReasonCode.SUCCESS);
            respond(answer);
        }
    }

    /** A request that is neither JSON nor protobuf: the device error matrix (docs/thingsboard-mqtt.md §4.3, §9). */
    private void onInvalid(String topic, String text, int packetId, String problem) {
        UplinkResult answer = UplinkResult.invalidPayload(mqtt5, packetId > 0 ? 1 : 0,
            "invalid provision request: " + problem);
        journal(Direction.IN, EventType.REJECTED, topic, text, answer.reason());
        if (answer.action() == UplinkResult.Action.ACK) {
            acknowledge(packetId, answer.reasonCode());
        } else {
            closeBecause(answer.reason(), answer.reasonCode());
        }
    }

    /** The answer, then the close ThingsBoard schedules after every answer. */
    private void respond(ProvisionService.Outcome.Answer answer) {
        int qos = responseQos == null ? 1 : responseQos;
        services.journal().append(answer.device(), null, clientId, Event.MQTT, Direction.OUT,
            EventType.PROVISION_RESPONSE, Topics.PROVISION_RESPONSE, answer.json(), answer.protobuf(), null);
        ctx.writeAndFlush(new MqttPublishMessage(
            new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), false, 0),
            new MqttPublishVariableHeader(Topics.PROVISION_RESPONSE, qos == 0 ? 0 : nextPacketId++),
            Unpooled.wrappedBuffer(answer.payload())));
        long delay = services.provisionCloseDelay().toMillis();
        // ThingsBoard just closes the socket here, even on MQTT 5: no DISCONNECT.
        ctx.executor().schedule(() -> closeBecause("ThingsBoard closes a provision session " + delay
            + " ms after its answer", ReasonCode.NONE), delay, TimeUnit.MILLISECONDS);
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        List<Integer> codes = new ArrayList<>();
        for (MqttTopicSubscription requested : subscribe.payload().topicSubscriptions()) {
            String filter = requested.topicFilter();
            if (Topics.PROVISION_RESPONSE.equals(filter)) {
                int granted = Math.min(requested.qualityOfService().value(), 1);
                responseQos = granted;
                codes.add(granted);
                journal(Direction.IN, EventType.SUBSCRIBE, filter, JsonWriter.object(json -> json.field("qos", granted)),
                    null);
            } else {
                int refusal = SubscriptionRules.refusal(mqtt5);
                codes.add(refusal);
                journal(Direction.IN, EventType.REJECTED, filter, null, "a provision session may only subscribe to "
                    + Topics.PROVISION_RESPONSE + " (SUBACK " + ReasonCode.hex(refusal) + ")");
            }
        }
        ctx.writeAndFlush(MqttPackets.subAck(subscribe.variableHeader().messageId(), codes));
    }

    @Override
    protected boolean unsubscribed(String filter) {
        boolean existed = Topics.PROVISION_RESPONSE.equals(filter) && responseQos != null;
        if (existed) {
            responseQos = null;
        }
        return existed;
    }

    private void acknowledge(int packetId, int reasonCode) {
        if (packetId > 0) {
            ctx.writeAndFlush(MqttPackets.pubAck(packetId, reasonCode));
        }
    }

    @Override
    protected void onClosed(String reason) {
        journal(Direction.IN, EventType.DISCONNECT, null, null, reason);
        closed.complete(null);
        services.sessions().closed(this);
    }

    @Override
    public CompletableFuture<Void> close(String reason, int reasonCode) {
        ctx.executor().execute(() -> closeBecause(reason, reasonCode));
        return closed;
    }
}
