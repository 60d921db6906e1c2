package io.tbmock.server.internal.mqtt;

import com.google.protobuf.Message;
import io.tbmock.server.internal.mqtt.Topics.Family;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.internal.tb.AttributeUpdate;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.FaultService;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.PayloadCodec;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.NewFault;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the server sends a device over MQTT: each message journaled, then handed to its session at the QoS the
 * device's subscriptions give the topic; the core's typed downlinks (attribute updates, server RPC) put on the
 * topics of the family the device subscribed in, or wrapped for a gateway's child (docs/thingsboard-mqtt.md §11.2).
 */
public final class MqttDownlinks {
    private final Exchanges exchanges;
    private final LongSupplier clock;
    private final FaultService faults;
    private final ScheduledExecutorService scheduler;

    public MqttDownlinks(Exchanges exchanges, LongSupplier clock, FaultService faults,
                         ScheduledExecutorService scheduler) {
        this.exchanges = exchanges;
        this.clock = clock;
        this.faults = faults;
        this.scheduler = scheduler;
    }

    /**
     * Records a message to the device and sends it at the QoS its subscriptions give the topic. Recorded
     * first, so whatever the device received is already in the journal; a send that fails is recorded again
     * with the reason. A session that is closed, or closing, is sent nothing and nothing is recorded for it.
     *
     * @return whether it was handed to the device's session
     */
    boolean send(DeviceSession session, EventType type, String topic, String payload) {
        return send(session, type, topic, payload, null) == SendResult.SENT;
    }

    /**
     * {@link #send(DeviceSession, EventType, String, String)}, telling {@code listener} of its delivery.
     *
     * @return what became of it
     */
    SendResult send(DeviceSession session, EventType type, String topic, String payload, DeliveryListener listener) {
        return sendBytes(session, type, topic, payload.getBytes(StandardCharsets.UTF_8), payload, listener);
    }

    /** {@link #send} for a binary payload, journaled as {@code description}. */
    SendResult sendBytes(DeviceSession session, EventType type, String topic, byte[] payload, String description,
                         DeliveryListener listener) {
        return deliver(session, type, topic, payload, description, null, listener);
    }

    /** {@link #send} of a payload {@code codec} wrote, journaled as the codec reads it (a binary payload raw too). */
    SendResult sendEncoded(DeviceSession session, PayloadCodec codec, EventType type, String topic, byte[] payload,
                           DeliveryListener listener) {
        return deliver(session, type, topic, payload, codec.describe(type, payload), codec.binary() ? payload : null,
            listener);
    }

    /** {@link #send} of a protobuf message, journaled as JSON and raw. */
    SendResult sendProtobuf(DeviceSession session, EventType type, String topic, Message message,
                            DeliveryListener listener) {
        byte[] payload = message.toByteArray();
        return deliver(session, type, topic, payload, GatewayProtobuf.describe(message), payload, listener);
    }

    /**
     * Sends the message now, later or never, as the device's downlink faults say (docs/faults.md): a dropped one
     * counts as sent for the server, as a message lost on the way does.
     */
    private SendResult deliver(DeviceSession session, EventType type, String topic, byte[] payload, String description,
                               byte[] raw, DeliveryListener listener) {
        if (!session.isOpen()) {
            return SendResult.SESSION_CLOSED;
        }
        String device = session.device().name();
        if (faults.fire(FaultKind.DROP_DOWNLINK, device, Event.MQTT, topic, "dropped " + type + " to the device") != null) {
            return SendResult.SENT; // as far as the server knows; the device never gets it
        }
        NewFault delay = faults.fire(FaultKind.DELAY_DOWNLINK, device, Event.MQTT, topic, "delayed " + type + " to the device");
        if (delay != null) {
            scheduler.schedule(() -> send(session, type, topic, payload, description, raw, listener), delay.delayMs(),
                TimeUnit.MILLISECONDS);
            return SendResult.SENT;
        }
        return send(session, type, topic, payload, description, raw, listener);
    }

    /**
     * Journals the message ({@code description}, and {@code raw} bytes when they are binary), then hands it to the
     * session; a send that fails is journaled again with the reason. A session that is closed, or closing, is sent
     * nothing and nothing is recorded for it.
     */
    private SendResult send(DeviceSession session, EventType type, String topic, byte[] payload, String description,
                            byte[] raw, DeliveryListener listener) {
        if (!session.isOpen()) {
            return SendResult.SESSION_CLOSED;
        }
        boolean duplicate = faults.fire(FaultKind.DUPLICATE_DOWNLINK, session.device().name(), Event.MQTT, topic,
            "sent " + type + " twice") != null;
        exchanges.sent(session, type, topic, description, raw, null);
        SendResult result = session.send(topic, session.qosFor(topic), payload, listener, duplicate);
        if (result != SendResult.SENT && result != SendResult.SESSION_CLOSED) {
            exchanges.sent(session, type, topic, description, raw, "could not be sent: " + result.reason());
        }
        return result;
    }

    /** A shared-attribute change, if the session is registered for updates. @return whether it was sent */
    boolean attributeUpdate(DeviceSession session, AttributeUpdate update) {
        Family family = session.isOpen() ? session.attributeUpdates() : null;
        if (family == null) {
            return false;
        }
        if (session.viaProtobufGateway()) {
            return sendProtobuf(session, EventType.ATTRIBUTE_UPDATE, Topics.GATEWAY_ATTRIBUTES,
                GatewayProtobuf.attributeUpdate(session.device().name(), update, clock.getAsLong()), null)
                == SendResult.SENT;
        }
        PayloadCodec codec = session.downlinkCodec(family);
        byte[] payload = codec.attributeUpdate(update);
        if (session.gateway() != null) { // a child: wrapped for its gateway (docs/thingsboard-mqtt.md §11.2)
            String data = codec.describe(EventType.ATTRIBUTE_UPDATE, payload);
            return send(session, EventType.ATTRIBUTE_UPDATE, Topics.GATEWAY_ATTRIBUTES,
                JsonWriter.object(json -> json.field("device", session.device().name()).raw("data", data)));
        }
        return sendEncoded(session, codec, EventType.ATTRIBUTE_UPDATE, family.attributes(), payload, null)
            == SendResult.SENT;
    }

    /**
     * A server-side RPC, if the session is registered for RPC and has not been sent it: {@code {"method","params"}}
     * on {@code …/rpc/request/{id}}, SENT once written at QoS 1 and DELIVERED at its PUBACK (at once at QoS 0).
     */
    void serverRpc(DeviceSession session, ServerRpcRecord rpc) {
        Family family = session.rpcRequests();
        if (family == null || !session.isOpen() || !rpc.claimSend(session)) {
            return;
        }
        if (session.gateway() != null) {
            serverRpcToChild(session, rpc);
            return;
        }
        String topic = family.rpcRequest(rpc.id());
        PayloadCodec codec = session.downlinkCodec(family);
        byte[] payload;
        try {
            payload = codec.rpcRequest(rpc, false);
        } catch (PayloadException unconvertible) {
            unconvertible(session, rpc, topic, unconvertible);
            return;
        }
        DeliveryListener delivery = new DeliveryListener() {
            @Override
            public void written(int qos) {
                rpc.written(qos);
            }

            @Override
            public void acknowledged() {
                rpc.acknowledged();
            }
        };
        SendResult sent = sendEncoded(session, codec, EventType.RPC_REQUEST, topic, payload, delivery);
        if (sent != SendResult.SENT && sent != SendResult.SESSION_CLOSED) {
            rpc.failed("could not be sent: " + sent.reason());
        }
    }

    /**
     * An RPC the device's format cannot carry (a profile schema's field types, or no schema on a JSON profile's
     * {@code /p} topic): ThingsBoard publishes nothing and answers the caller with its error reply, which ends a
     * two-way RPC as its response; a one-way RPC fails.
     */
    private void unconvertible(DeviceSession session, ServerRpcRecord rpc, String topic, PayloadException why) {
        String error = "Failed to convert device RPC command to MQTT msg: " + rpc.method() + rpc.params();
        exchanges.notSent(session.device().name(), EventType.RPC_REQUEST, topic, null,
            error + " (" + why.getMessage() + ")");
        if (!rpc.replied(JsonWriter.object(json -> json.field("result", "INVALID_ARGUMENTS").field("error", error)),
            false)) {
            rpc.failed(error);
        }
    }

    /**
     * An RPC for a gateway's child (docs/thingsboard-mqtt.md §11.2): {@code {"device","data":{"id","method","params"}}} on
     * {@code v1/gateway/rpc}. The gateway's PUBACK says nothing of the child: a two-way RPC stays SENT until
     * the reply; a one-way RPC is done once written.
     */
    private void serverRpcToChild(DeviceSession child, ServerRpcRecord rpc) {
        DeliveryListener delivery = new DeliveryListener() {
            @Override
            public void written(int qos) {
                rpc.sentToGateway();
            }

            @Override
            public void acknowledged() {
            }
        };
        SendResult sent = child.viaProtobufGateway()
            ? sendProtobuf(child, EventType.RPC_REQUEST, Topics.GATEWAY_RPC, GatewayProtobuf.rpc(child.device().name(), rpc),
                delivery)
            : send(child, EventType.RPC_REQUEST, Topics.GATEWAY_RPC, JsonWriter.object(json -> json.field("device",
                child.device().name()).object("data", data -> data.field("id", rpc.id()).field("method", rpc.method())
                .raw("params", rpc.params()))), delivery);
        if (sent != SendResult.SENT && sent != SendResult.SESSION_CLOSED) {
            rpc.failed("could not be sent to the gateway: " + sent.reason());
        }
    }
}
