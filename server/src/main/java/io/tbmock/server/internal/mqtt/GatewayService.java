package io.tbmock.server.internal.mqtt;

import com.google.protobuf.Message;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.tb.ClaimHandler;
import io.tbmock.server.internal.tb.DeviceFactory;
import io.tbmock.server.internal.tb.DeviceJson;
import io.tbmock.server.internal.tb.DeviceStates;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.GsonValues;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.SessionListener;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.internal.tb.UploadParser;
import io.tbmock.server.internal.tb.proto.ProtoCodec;
import io.tbmock.server.internal.tb.proto.TransportMessages.ClaimDevice;
import io.tbmock.server.internal.tb.proto.TransportMessages.PostAttributeMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.PostTelemetryMsg;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The gateway API (docs/thingsboard-mqtt.md §11): what a gateway publishes on {@code v1/gateway/…} for its child devices, as
 * ThingsBoard's gateway session handler treats it. A child is connected (found, or created with the type
 * given) by {@code v1/gateway/connect} or by any message naming it, gets a session on the gateway's
 * connection, and is registered for attribute updates and RPC at once.
 *
 * <p>Errors follow ThingsBoard's layers: a payload that is not JSON is the device error matrix (§4.3); a
 * top level that is not an object, a missing field, or a message with nothing for any device is an unchecked
 * error, answered with PUBACK 0x83 and DISCONNECT 0x83; one child's part that cannot be converted gets PUBACK
 * 0x99 on MQTT 5 and closes an MQTT 3.x connection, while the other children's parts are kept.
 */
public final class GatewayService {
    private static final String DEFAULT_TYPE = "default";
    /** ThingsBoard's reason in the {@code v1/gateway/disconnect} notice after a QoS 0 gateway message (0x81). */
    private static final int QOS_0_NOTICE_REASON = 0x81;

    private final DeviceRegistry devices;
    private final DeviceFactory factory;
    private final SessionRegistry sessions;
    private final Exchanges exchanges;
    private final MqttDownlinks downlinks;
    private final AttributeRequests attributes;
    private final ServerRpcService rpc;
    private final ClaimHandler claims;
    private final DeviceStates states;
    private final LongSupplier clock;

    GatewayService(DeviceRegistry devices, DeviceFactory factory, SessionRegistry sessions, Exchanges exchanges,
                   MqttDownlinks downlinks, AttributeRequests attributes, ServerRpcService rpc, ClaimHandler claims,
                   DeviceStates states, LongSupplier clock) {
        this.devices = devices;
        this.downlinks = downlinks;
        this.factory = factory;
        this.sessions = sessions;
        this.exchanges = exchanges;
        this.attributes = attributes;
        this.rpc = rpc;
        this.claims = claims;
        this.states = states;
        this.clock = clock;
    }

    /**
     * A publish of a gateway device on a {@code v1/gateway…} topic: JSON, or ThingsBoard's protobuf gateway messages
     * when the gateway's own profile's payload type is PROTOBUF (read into the JSON API's shapes, each device's part
     * kept as protobuf and typed as sent).
     */
    UplinkResult process(DeviceSession gateway, String topic, int qos, byte[] payload) {
        boolean protobuf = gateway.profile().protobufPayloads();
        Object json;
        try {
            json = protobuf ? GatewayProtobuf.read(topic, payload) : DeviceJson.parse(payload);
        } catch (PayloadException e) {
            return UplinkResult.refused(e);
        }
        String text = protobuf ? GatewayProtobuf.describe(topic, payload) : new String(payload, StandardCharsets.UTF_8);
        try {
            switch (topic) {
                case Topics.GATEWAY_CONNECT:
                    return connect(gateway, topic, text, json, qos);
                case Topics.GATEWAY_DISCONNECT:
                    return disconnect(gateway, topic, text, json);
                case Topics.GATEWAY_TELEMETRY:
                    return protobuf ? perDevice(gateway, topic, text, json, qos, PostTelemetryMsg.class,
                        (child, part, partText) -> storeTelemetry(child, GatewayProtobuf.telemetry((PostTelemetryMsg) part,
                            clock.getAsLong()), partText, part))
                        : perDevice(gateway, topic, text, json, qos, List.class, (child, part, partText) -> storeTelemetry(
                            child, UploadParser.gatewayTelemetry(part, clock.getAsLong()), partText, null));
                case Topics.GATEWAY_ATTRIBUTES:
                    return protobuf ? perDevice(gateway, topic, text, json, qos, PostAttributeMsg.class,
                        (child, part, partText) -> storeAttributes(child, GatewayProtobuf.attributes((PostAttributeMsg) part),
                            partText, part))
                        : perDevice(gateway, topic, text, json, qos, Map.class, (child, part, partText) -> storeAttributes(
                            child, UploadParser.attributes(part), partText, null));
                case Topics.GATEWAY_CLAIM:
                    return protobuf ? perDevice(gateway, topic, text, json, qos, ClaimDevice.class,
                        (child, part, partText) -> claims.offer(child, topic, ProtoCodec.claimJson((ClaimDevice) part),
                            partText))
                        : perDevice(gateway, topic, text, json, qos, Map.class,
                        (child, part, partText) -> claims.offer(child, topic, part, partText));
                case Topics.GATEWAY_ATTRIBUTES_REQUEST:
                    return attributeRequest(gateway, topic, text, json, qos);
                case Topics.GATEWAY_RPC:
                    return rpcReply(gateway, topic, text, json, qos);
                default:
                    return UplinkResult.ack(ReasonCode.TOPIC_NAME_INVALID).journaled(exchanges, gateway, topic, payload,
                        "unknown gateway topic: ThingsBoard acknowledges it"
                            + (gateway.isMqtt5() ? " with PUBACK 0x90" : "") + " and drops it");
            }
        } catch (GatewayFailure failure) {
            String reason = "gateway message ThingsBoard fails on: " + failure.getMessage()
                + "; it answers PUBACK 0x83 and closes the connection";
            return UplinkResult.ackAndClose(reason, ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR).journaled(exchanges, gateway,
                topic, payload, reason);
        }
    }

    // --- connect and disconnect -----------------------------------------------------------------------

    private UplinkResult connect(DeviceSession gateway, String topic, String text, Object json, int qos) {
        Map<?, ?> message = object(json);
        String name = deviceName(message);
        Object type = message.get("type");
        String typeName = type == null ? "" : string(type, "type");
        child(gateway, name, typeName.isBlank() ? DEFAULT_TYPE : typeName, topic);
        return UplinkResult.ACK; // at QoS 0 ThingsBoard sends nothing at all here
    }

    private UplinkResult disconnect(DeviceSession gateway, String topic, String text, Object json) {
        String name = deviceName(object(json));
        DeviceSession child = gateway.children().get(name);
        if (child == null) {
            exchanges.received(gateway, EventType.REJECTED, topic, text,
                "no device of that name is connected through this gateway: acknowledged, as ThingsBoard does");
        } else {
            child.close("the gateway disconnected it on " + topic, ReasonCode.NONE);
        }
        return UplinkResult.ACK;
    }

    /**
     * The child's session on this gateway's connection: the one open already, else a new one, for the device
     * of that name (any type) or a device created with {@code type} and a random token.
     */
    private DeviceSession child(DeviceSession gateway, String name, String type, String topic) {
        DeviceSession existing = gateway.children().get(name);
        if (existing != null && existing.isOpen()) {
            states.activity(existing.device()); // each message for a child is its activity, as in ThingsBoard
            return existing;
        }
        if (name.isBlank()) {
            throw new ChildRefused("a device needs a name");
        }
        DeviceEntry device = devices.byName(name);
        boolean created = device == null;
        if (created) {
            device = factory.createForGateway(name, type);
        }
        device.connectedThrough(gateway.device());
        DeviceSession child = gateway.child(device, clock.getAsLong(), this::closed);
        gateway.children().put(name, child);
        SessionListener displaced = sessions.open(child);
        if (displaced != null) {
            displaced.close("taken over by a session through gateway '" + gateway.device().name() + "'",
                ReasonCode.SESSION_TAKEN_OVER);
        }
        String description = JsonWriter.object(json -> json.field("device", name).field("type", type)
            .field("created", created));
        states.connected(device); // first: whoever sees the CONNECT sees the child active
        exchanges.received(child, EventType.CONNECT, topic, description, null);
        rpc.subscribed(child); // children are registered for RPC at once: what waits goes out now
        return child;
    }

    /** A child's session ends; the gateway's connection stays. */
    private void closed(DeviceSession child, String reason) {
        child.gateway().children().values().removeIf(session -> session == child); // under each name it had
        boolean wasCurrent = sessions.remove(child);
        exchanges.received(child, EventType.DISCONNECT, null, (String) null, reason);
        if (wasCurrent) {
            states.disconnected(child.device());
        }
        child.markClosed(sessions);
    }

    // --- messages for several children at once -------------------------------------------------------

    /** What a message does with one child's part of it. */
    private interface Part {
        void accept(DeviceSession child, Object part, String partText) throws PayloadException;
    }

    /**
     * Telemetry, attributes and claims: {@code {"Device A":<part>, …}}. Parts of the wrong shape are skipped;
     * nothing left is an error; each child named is connected, then its part converted and stored. The PUBACK
     * comes once every part succeeded.
     */
    private UplinkResult perDevice(DeviceSession gateway, String topic, String text, Object json, int qos,
                                   Class<?> partShape, Part handler) {
        Map<?, ?> message = object(json);
        List<Map.Entry<?, ?>> parts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<?, ?> entry : message.entrySet()) {
            if (partShape.isInstance(entry.getValue())) {
                parts.add(entry);
            } else {
                skipped.add((String) entry.getKey());
            }
        }
        if (parts.isEmpty()) {
            throw new GatewayFailure("no device has " + (partShape == List.class ? "an array" : "an object")
                + " in it" + (skipped.isEmpty() ? "" : " (skipped: " + String.join(", ", skipped) + ")"));
        }
        List<String> failed = new ArrayList<>();
        List<DeviceSession> children = new ArrayList<>();
        boolean refused = false;
        for (Map.Entry<?, ?> entry : parts) {
            DeviceSession child;
            try {
                child = child(gateway, (String) entry.getKey(), DEFAULT_TYPE, topic);
            } catch (ChildRefused e) {
                refused = true;
                exchanges.received(gateway, EventType.REJECTED, topic, text, "device '" + entry.getKey()
                    + "' cannot be connected: " + e.getMessage() + "; ThingsBoard answers PUBACK 0x80");
                continue;
            }
            children.add(child);
            String partText = entry.getValue() instanceof Message protobufPart ? GatewayProtobuf.describe(protobufPart)
                : JsonWriter.tree(entry.getValue());
            try {
                handler.accept(child, entry.getValue(), partText);
            } catch (PayloadException e) {
                failed.add(child.device().name());
                exchanges.received(child, EventType.REJECTED, topic, partText, "invalid part for this device: "
                    + e.getMessage() + (gateway.isMqtt5() ? "; ThingsBoard answers PUBACK 0x99"
                    : "; ThingsBoard closes the gateway's connection") + ", and keeps the other devices' parts");
            }
        }
        if (!skipped.isEmpty()) {
            exchanges.received(gateway, EventType.REJECTED, topic, text, "skipped, as ThingsBoard skips them: "
                + String.join(", ", skipped) + " (not " + (partShape == List.class ? "an array" : "an object") + ")");
        }
        if (!failed.isEmpty()) {
            return gateway.isMqtt5() ? UplinkResult.ack(ReasonCode.PAYLOAD_FORMAT_INVALID)
                : UplinkResult.close("a gateway message with an invalid part for " + String.join(", ", failed),
                ReasonCode.NONE);
        }
        if (refused) {
            return UplinkResult.ack(ReasonCode.UNSPECIFIED_ERROR);
        }
        return acknowledged(gateway, qos, children);
    }

    /** @param protobuf the part as protobuf, journaled raw too; null for JSON */
    private void storeTelemetry(DeviceSession child, List<UploadParser.TsEntry> entries, String partText,
                                Object protobuf) {
        entries.forEach(entry -> child.device().telemetry().add(entry.ts(), entry.values()));
        exchanges.received(child, EventType.TELEMETRY, Topics.GATEWAY_TELEMETRY, partText, raw(protobuf), null);
    }

    private void storeAttributes(DeviceSession child, Map<String, KvValue> uploaded, String partText, Object protobuf) {
        child.device().clientAttributes().putAll(uploaded);
        exchanges.received(child, EventType.ATTRIBUTES, Topics.GATEWAY_ATTRIBUTES, partText, raw(protobuf), null);
    }

    private static byte[] raw(Object protobuf) {
        return protobuf == null ? null : ((Message) protobuf).toByteArray();
    }

    // --- requests and replies for one child ------------------------------------------------------------

    /**
     * {@code {"id":N,"device":"A","client":true|false,"key":"k"}} or {@code …,"keys":["k1","k2"]}: one scope,
     * chosen by the required boolean {@code client}. The documented {@code "client":["k"],"shared":[…]} form
     * fails as it does in ThingsBoard (no {@code keys}).
     */
    private UplinkResult attributeRequest(DeviceSession gateway, String topic, String text, Object json, int qos) {
        Map<?, ?> request = object(json);
        int id = integer(required(request, "id"), "id");
        String name = string(required(request, "device"), "device");
        boolean client = bool(required(request, "client"), "client");
        List<String> keys = new ArrayList<>();
        if (request.containsKey("key")) {
            keys.add(string(request.get("key"), "key"));
        } else if (required(request, "keys") instanceof List<?> list) {
            for (Object key : list) {
                keys.add(string(key, "keys"));
            }
        } else {
            throw new GatewayFailure("\"keys\" must be an array");
        }
        DeviceSession child = child(gateway, name, DEFAULT_TYPE, topic);
        attributes.gatewayRequest(child, topic, text, id, client, keys);
        return acknowledged(gateway, qos, List.of(child));
    }

    /** {@code {"device":"A","id":N,"data":<any JSON>}}: a child's reply to a server-side RPC. */
    private UplinkResult rpcReply(DeviceSession gateway, String topic, String text, Object json, int qos) {
        Map<?, ?> reply = object(json);
        String name = string(required(reply, "device"), "device");
        int id = integer(required(reply, "id"), "id");
        String data = JsonWriter.tree(required(reply, "data"));
        DeviceSession child = child(gateway, name, DEFAULT_TYPE, topic);
        rpc.repliedJson(child, topic, text, id, data);
        return acknowledged(gateway, qos, List.of(child));
    }

    /**
     * The PUBACK of a message whose every part succeeded. At QoS 0 there is no packet id, and ThingsBoard's
     * attempt to acknowledge anyway fails; an MQTT 5 gateway then gets a {@code v1/gateway/disconnect} notice
     * with reason 0x81 for each device of the message, though the devices stay connected (docs/thingsboard-mqtt.md §11.1).
     */
    private UplinkResult acknowledged(DeviceSession gateway, int qos, List<DeviceSession> children) {
        if (qos == 0 && gateway.isMqtt5()) {
            for (DeviceSession child : children) {
                downlinks.send(child, EventType.GATEWAY_DEVICE_NOTICE, Topics.GATEWAY_DISCONNECT,
                    JsonWriter.object(json -> json.field("device", child.device().name())
                        .field("reason", QOS_0_NOTICE_REASON)));
            }
        }
        return UplinkResult.ACK;
    }

    // --- reading fields as ThingsBoard's Gson does; any failure is unchecked there ---------------------

    /** A device ThingsBoard cannot connect for the gateway: PUBACK 0x80, connection kept. */
    private static final class ChildRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ChildRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** An unchecked error in ThingsBoard's gateway handler: PUBACK 0x83, then DISCONNECT 0x83. */
    private static final class GatewayFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GatewayFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static Map<?, ?> object(Object json) {
        if (json instanceof Map<?, ?> object) {
            return object;
        }
        throw new GatewayFailure("the message must be a JSON object, found " + GsonValues.describe(json));
    }

    private static Object required(Map<?, ?> object, String field) {
        Object value = object.get(field);
        if (value == null) {
            throw new GatewayFailure("\"" + field + "\" is missing");
        }
        return value;
    }

    private static String deviceName(Map<?, ?> message) {
        String name = string(required(message, "device"), "device");
        if (name.isEmpty()) {
            throw new GatewayFailure("\"device\" is empty");
        }
        return name;
    }

    private static String string(Object value, String field) {
        try {
            return GsonValues.asString(value, field);
        } catch (PayloadException e) {
            throw new GatewayFailure(e.getMessage());
        }
    }

    private static boolean bool(Object value, String field) {
        try {
            return GsonValues.asBoolean(value, field);
        } catch (PayloadException e) {
            throw new GatewayFailure(e.getMessage());
        }
    }

    private static int integer(Object value, String field) {
        try {
            long number = GsonValues.asLong(value, field);
            if (number != (int) number) {
                throw new GatewayFailure("\"" + field + "\" must be an int, was " + number);
            }
            return (int) number;
        } catch (PayloadException e) {
            throw new GatewayFailure(e.getMessage());
        }
    }
}
