package io.tbmock.server.internal.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.ProvisionService;
import io.tbmock.server.internal.tb.SubscriptionRules;
import io.tbmock.server.internal.tb.Topics;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.EventType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A provision-only session (spec §9.1): a CONNECT with username or client id {@code provision}. It may
 * publish to {@code /provision/request} and subscribe to {@code /provision/response}, nothing else; the
 * answer comes on {@code /provision/response} whether subscribed or not, and the connection is closed a
 * while after it. No device is behind it, so it needs no engine session: the front answers everything,
 * numbering its few PUBLISHes from 1, as ThingsBoard's transport does, and never resends.
 */
final class ProvisionFrontHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "provisionFront";

    private final FrontServices services;
    private final String clientId;
    private ChannelHandlerContext ctx;
    private Integer responseQos;
    private int nextPacketId = 1;
    private String closeReason;

    ProvisionFrontHandler(FrontServices services, MqttConnectMessage connect) {
        this.services = services;
        this.clientId = connect.payload().clientIdentifier();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Accepts the session: CONNACK 0 whatever the password; ThingsBoard checks nothing here. */
    void accept(MqttConnectMessage connect, String connectDescription) {
        journal(EventType.CONNECT, null, null, connectDescription, null);
        ctx.writeAndFlush(MqttPackets.connAck(0, !connect.variableHeader().isCleanSession()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object raw) {
        MqttMessage msg = (MqttMessage) raw;
        try {
            if (msg.decoderResult().isFailure()) {
                closeBecause("malformed MQTT packet: " + msg.decoderResult().cause().getMessage());
                return;
            }
            switch (msg.fixedHeader().messageType()) {
                case PUBLISH:
                    onPublish((MqttPublishMessage) msg);
                    break;
                case SUBSCRIBE:
                    onSubscribe((MqttSubscribeMessage) msg);
                    break;
                case UNSUBSCRIBE:
                    onUnsubscribe((MqttUnsubscribeMessage) msg);
                    break;
                case PINGREQ:
                    ctx.writeAndFlush(MqttPackets.PINGRESP);
                    break;
                case PUBACK:
                    break; // the device acknowledging the answer; nothing is resent anyway
                case DISCONNECT:
                    closeBecause("the device sent DISCONNECT");
                    break;
                default:
                    closeBecause("unexpected " + msg.fixedHeader().messageType() + " in a provision session");
            }
        } finally {
            ReferenceCountUtil.release(msg);
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
            journal(EventType.REJECTED, null, topic, text, reason);
            acknowledge(packetId);
            closeBecause(reason);
            return;
        }
        ProvisionService.Outcome outcome = services.provisioning().provision(payload);
        if (outcome instanceof ProvisionService.Outcome.Invalid invalid) {
            String reason = "invalid provision request: " + invalid.reason()
                + "; ThingsBoard closes the connection without a PUBACK";
            journal(EventType.REJECTED, null, topic, text, reason);
            closeBecause(reason);
        } else if (outcome instanceof ProvisionService.Outcome.Failed failed) {
            String reason = "provision request ThingsBoard fails on: " + failed.reason()
                + "; it acknowledges, sends no answer and closes the connection";
            journal(EventType.REJECTED, null, topic, text, reason);
            acknowledge(packetId);
            closeBecause(reason);
        } else {
            ProvisionService.Outcome.Answer answer = (ProvisionService.Outcome.Answer) outcome;
            journal(EventType.PROVISION_REQUEST, answer.device(), topic, text, null);
            acknowledge(packetId);
            respond(answer);
        }
    }

    /** The answer, then the close ThingsBoard schedules after every answer. */
    private void respond(ProvisionService.Outcome.Answer answer) {
        int qos = responseQos == null ? 1 : responseQos;
        journal(EventType.PROVISION_RESPONSE, answer.device(), Topics.PROVISION_RESPONSE, answer.json(), null);
        ctx.writeAndFlush(new MqttPublishMessage(
            new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), false, 0),
            new MqttPublishVariableHeader(Topics.PROVISION_RESPONSE, qos == 0 ? 0 : nextPacketId++),
            Unpooled.copiedBuffer(answer.json(), StandardCharsets.UTF_8)));
        long delay = services.provisionCloseDelay().toMillis();
        ctx.executor().schedule(() -> closeBecause("ThingsBoard closes a provision session " + delay
            + " ms after its answer"), delay, TimeUnit.MILLISECONDS);
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        List<Integer> codes = new ArrayList<>();
        for (MqttTopicSubscription requested : subscribe.payload().topicSubscriptions()) {
            String filter = requested.topicFilter();
            if (Topics.PROVISION_RESPONSE.equals(filter)) {
                responseQos = Math.min(requested.qualityOfService().value(), 1);
                codes.add(responseQos);
                int granted = responseQos;
                journal(EventType.SUBSCRIBE, null, filter, JsonWriter.object(json -> json.field("qos", granted)), null);
            } else {
                codes.add(SubscriptionRules.FAILURE);
                journal(EventType.REJECTED, null, filter, null,
                    "a provision session may only subscribe to " + Topics.PROVISION_RESPONSE + " (SUBACK 0x80)");
            }
        }
        ctx.writeAndFlush(MqttPackets.subAck(subscribe.variableHeader().messageId(), codes));
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
        if (unsubscribe.payload().topics().contains(Topics.PROVISION_RESPONSE)) {
            responseQos = null;
        }
        ctx.writeAndFlush(MqttPackets.unsubAck(unsubscribe.variableHeader().messageId()));
    }

    private void acknowledge(int packetId) {
        if (packetId > 0) {
            ctx.writeAndFlush(MqttPackets.pubAck(packetId));
        }
    }

    private void closeBecause(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeBecause("connection error: " + cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        journal(EventType.DISCONNECT, null, null, null, closeReason == null ? "connection lost" : closeReason);
        ctx.fireChannelInactive();
    }

    private void journal(EventType type, String device, String topic, String payload, String error) {
        Direction direction = type == EventType.PROVISION_RESPONSE ? Direction.OUT : Direction.IN;
        services.journal().append(device, clientId, direction, type, topic, payload, error);
    }
}
