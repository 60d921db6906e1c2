package io.tbmock.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.model.ChecksumAlgorithm;
import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.CredentialsType;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceAttributes;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.OtaProgress;
import io.tbmock.server.model.ProtobufPayload;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.server.model.ServerStats;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The admin API's JSON shapes (docs/admin-api.md) read into the model types, and the request bodies written. */
public final class ModelJson {
    private ModelJson() {
    }

    // --- answers -------------------------------------------------------------------------------------

    public static Device device(JsonNode json) {
        return new Device(text(json, "id"), text(json, "name"), text(json, "type"), json.get("gateway").asBoolean(),
            credentials(json.get("credentials")), json.get("connected").asBoolean(), json.get("createdAt").asLong(),
            text(json, "provisionProfile"), text(json, "provisionedBy"), text(json, "lastConnectedGateway"));
    }

    static DeviceCredentials credentials(JsonNode json) {
        switch (CredentialsType.valueOf(json.get("type").asText())) {
            case ACCESS_TOKEN:
                return DeviceCredentials.token(text(json, "token"));
            case MQTT_BASIC:
                return DeviceCredentials.basic(text(json, "clientId"), text(json, "username"), text(json, "password"));
            default:
                return new DeviceCredentials.X509(text(json, "certificatePem"), text(json, "privateKeyPem"));
        }
    }

    public static ServerStats stats(JsonNode json) {
        return new ServerStats(json.get("devices").asInt(), json.get("connectedDevices").asInt(),
            json.get("events").asInt(), json.get("eventsDropped").asLong(), json.get("telemetryValuesDropped").asLong(),
            json.get("rpcsDropped").asLong(), json.get("clientRpcsDropped").asLong(), json.get("pendingWaits").asInt(),
            json.get("lastSeq").asLong());
    }

    public static DeviceState deviceState(JsonNode json) {
        return new DeviceState(json.get("active").asBoolean(), json.get("lastConnectTime").asLong(),
            json.get("lastDisconnectTime").asLong(), json.get("lastActivityTime").asLong(),
            json.get("inactivityAlarmTime").asLong(), json.get("inactivityTimeout").asLong());
    }

    public static SessionInfo session(JsonNode json) {
        JsonNode connectedAt = json.get("connectedAt");
        JsonNode protocol = json.get("protocolVersion");
        return new SessionInfo(json.get("connected").asBoolean(), text(json, "clientId"),
            connectedAt.isNull() ? null : connectedAt.asLong(), protocol.isNull() ? 0 : protocol.asInt(),
            strings(json.get("subscriptions")));
    }

    public static ProvisionProfile provisionProfile(JsonNode json) {
        return new ProvisionProfile(text(json, "name"), text(json, "provisionDeviceKey"),
            text(json, "provisionDeviceSecret"), ProvisionStrategy.valueOf(json.get("strategy").asText()));
    }

    /** A device profile from ThingsBoard's JSON the admin API answers with (every field present). */
    public static DeviceProfile deviceProfile(JsonNode json) {
        JsonNode configuration = json.get("transportConfiguration");
        if (!"MQTT".equals(text(configuration, "type"))) {
            return new DeviceProfile(text(json, "name"), text(json, "transportType"), null);
        }
        JsonNode payload = configuration.get("transportPayloadTypeConfiguration");
        ProtobufPayload protobuf = !"PROTOBUF".equals(text(payload, "transportPayloadType")) ? null
            : new ProtobufPayload(text(payload, "deviceTelemetryProtoSchema"), text(payload, "deviceAttributesProtoSchema"),
                text(payload, "deviceRpcRequestProtoSchema"), text(payload, "deviceRpcResponseProtoSchema"),
                payload.get("enableCompatibilityWithJsonPayloadFormat").asBoolean(),
                payload.get("useJsonPayloadFormatForDefaultDownlinkTopics").asBoolean());
        return new DeviceProfile(text(json, "name"), text(json, "transportType"), new MqttTransportConfiguration(
            text(configuration, "deviceTelemetryTopic"), text(configuration, "deviceAttributesTopic"),
            text(configuration, "deviceAttributesSubscribeTopic"),
            configuration.get("sendAckOnValidationException").asBoolean(), protobuf));
    }

    /** A {@code POST /admin/device-profiles} body: ThingsBoard's transport type and configuration. */
    public static ObjectNode deviceProfileBody(DeviceProfile profile) {
        ObjectNode json = object().put("name", profile.name()).put("transportType", profile.transportType());
        MqttTransportConfiguration mqtt = profile.mqtt();
        if (mqtt == null) {
            return json;
        }
        ObjectNode configuration = json.putObject("transportConfiguration").put("type", "MQTT")
            .put("deviceTelemetryTopic", mqtt.deviceTelemetryTopic()).put("deviceAttributesTopic", mqtt.deviceAttributesTopic())
            .put("deviceAttributesSubscribeTopic", mqtt.deviceAttributesSubscribeTopic())
            .put("sendAckOnValidationException", mqtt.sendAckOnValidationException());
        ProtobufPayload protobuf = mqtt.protobuf();
        ObjectNode payload = configuration.putObject("transportPayloadTypeConfiguration");
        if (protobuf == null) {
            payload.put("transportPayloadType", "JSON");
        } else {
            payload.put("transportPayloadType", "PROTOBUF")
                .put("deviceTelemetryProtoSchema", protobuf.deviceTelemetryProtoSchema())
                .put("deviceAttributesProtoSchema", protobuf.deviceAttributesProtoSchema())
                .put("deviceRpcRequestProtoSchema", protobuf.deviceRpcRequestProtoSchema())
                .put("deviceRpcResponseProtoSchema", protobuf.deviceRpcResponseProtoSchema())
                .put("enableCompatibilityWithJsonPayloadFormat", protobuf.enableCompatibilityWithJsonPayloadFormat())
                .put("useJsonPayloadFormatForDefaultDownlinkTopics", protobuf.useJsonPayloadFormatForDefaultDownlinkTopics());
        }
        return json;
    }

    public static Fault fault(JsonNode json) {
        return new Fault(text(json, "id"), new NewFault(FaultKind.valueOf(text(json, "kind")), text(json, "device"),
            text(json, "topic"), integer(json, "count"), whole(json, "activeMs"), integer(json, "reasonCode"),
            whole(json, "delayMs"), integer(json, "afterMessages"), json.get("dropMessage").asBoolean(),
            whole(json, "afterMs"), integer(json, "atOtaChunk"), whole(json, "downMs"),
            json.get("forgetState").asBoolean(), whole(json, "stallMs"), whole(json, "bytesPerSecond"),
            text(json, "messages"), text(json, "telemetryMessages"), text(json, "telemetryDataPoints"),
            text(json, "transport")),
            json.get("fired").asInt(), json.get("createdAt").asLong());
    }

    /** A {@code POST /admin/faults} body: the fault's fields that are set. */
    public static ObjectNode faultBody(NewFault fault) {
        ObjectNode json = object().put("kind", fault.kind().name()).put("device", fault.device())
            .put("topic", fault.topic()).put("count", fault.count()).put("activeMs", fault.activeMs())
            .put("reasonCode", fault.reasonCode()).put("delayMs", fault.delayMs())
            .put("afterMessages", fault.afterMessages()).put("dropMessage", fault.dropMessage())
            .put("afterMs", fault.afterMs()).put("atOtaChunk", fault.atOtaChunk()).put("downMs", fault.downMs())
            .put("forgetState", fault.forgetState()).put("stallMs", fault.stallMs())
            .put("bytesPerSecond", fault.bytesPerSecond()).put("messages", fault.messages())
            .put("telemetryMessages", fault.telemetryMessages()).put("telemetryDataPoints", fault.telemetryDataPoints())
            .put("transport", fault.transport());
        return json;
    }

    private static Integer integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static Long whole(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }

    public static OtaPackage otaPackage(JsonNode json) {
        String algorithm = text(json, "checksumAlgorithm");
        return new OtaPackage(text(json, "id"), text(json, "title"), text(json, "version"),
            OtaPackageType.valueOf(json.get("type").asText()), text(json, "tag"), text(json, "url"),
            json.get("size").isNull() ? null : json.get("size").asLong(), text(json, "checksum"),
            algorithm == null ? null : ChecksumAlgorithm.valueOf(algorithm));
    }

    /** One type's part of {@code GET …/ota}, null where nothing is assigned. */
    public static OtaProgress otaProgress(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        return new OtaProgress(text(json, "packageId"), text(json, "title"), text(json, "version"),
            json.get("chunksServed").asLong(), json.get("bytesServed").asLong(), strings(json.get("states")));
    }

    /** ThingsBoard's types back from their JSON: 73 a long, 42.0 a double, objects and arrays as JSON text. */
    public static KvValue value(JsonNode json) {
        if (json.isBoolean()) {
            return KvValue.of(json.booleanValue());
        }
        if (json.isIntegralNumber()) {
            return KvValue.of(json.longValue());
        }
        if (json.isNumber()) {
            return KvValue.of(json.doubleValue());
        }
        if (json.isTextual()) {
            return KvValue.of(json.textValue());
        }
        return KvValue.json(json.toString());
    }

    public static AttributeKv stampedAttribute(JsonNode json) {
        return new AttributeKv(text(json, "key"), value(json.get("value")), json.get("lastUpdateTs").asLong());
    }

    public static Map<String, KvValue> values(JsonNode json) {
        return map(json, ModelJson::value);
    }

    public static Map<String, List<TsValue>> timeseries(JsonNode json) {
        return map(json, series -> {
            List<TsValue> points = new ArrayList<>();
            series.forEach(point -> points.add(new TsValue(point.get("ts").asLong(), value(point.get("value")))));
            return points;
        });
    }

    public static DeviceAttributes attributes(JsonNode json) {
        return new DeviceAttributes(values(json.get("client")), values(json.get("shared")));
    }

    public static ServerRpc rpc(JsonNode json) {
        return new ServerRpc(json.get("id").asInt(), text(json, "method"), embedded(json.get("params")),
            json.get("oneway").asBoolean(), RpcStatus.valueOf(json.get("status").asText()),
            embedded(json.get("response")), json.get("createdAt").asLong(), json.get("expiresAt").asLong(),
            text(json, "error"), json.path("sent").asBoolean(),
            json.path("nonJsonReply").asBoolean());
    }

    public static ClientRpcRequest clientRpc(JsonNode json) {
        return new ClientRpcRequest(json.get("id").asInt(), text(json, "method"), embedded(json.get("params")),
            json.get("ts").asLong(), embedded(json.get("response")));
    }

    public static ClaimRequest claim(JsonNode json) {
        return new ClaimRequest(text(json, "secretKey"), json.get("durationMs").asLong(),
            json.get("requestedAt").asLong());
    }

    public static EventPage events(JsonNode json) {
        List<Event> events = new ArrayList<>();
        json.get("events").forEach(event -> events.add(event(event)));
        return new EventPage(events, json.get("next").asLong());
    }

    static Event event(JsonNode json) {
        return new Event(json.get("seq").asLong(), json.get("ts").asLong(), text(json, "device"),
            text(json, "gateway"), text(json, "clientId"), Direction.valueOf(json.get("direction").asText()),
            EventType.valueOf(json.get("type").asText()), text(json, "topic"),
            json.has("payloadText") ? text(json, "payloadText") : payload(json.get("payload")), text(json, "error"),
            text(json, "transport"), text(json, "payloadBase64"));
    }

    public static <T> List<T> list(JsonNode json, Function<JsonNode, T> element) {
        List<T> list = new ArrayList<>();
        json.forEach(each -> list.add(element.apply(each)));
        return list;
    }

    // --- request bodies -------------------------------------------------------------------------------

    public static ObjectNode newDevice(NewDevice device) {
        ObjectNode json = object().put("name", device.name()).put("type", device.type())
            .put("gateway", device.gateway());
        if (device.credentials() != null) {
            json.set("credentials", credentialsBody(device.credentials()));
        }
        if (device.provisionProfile() != null) {
            json.put("provisionProfile", device.provisionProfile());
        }
        return json;
    }

    public static ObjectNode credentialsBody(DeviceCredentials credentials) {
        ObjectNode json = object().put("type", credentials.type().name());
        if (credentials instanceof DeviceCredentials.AccessToken token) {
            putIfSet(json, "token", token.token());
        } else if (credentials instanceof DeviceCredentials.MqttBasic basic) {
            putIfSet(json, "clientId", basic.clientId());
            putIfSet(json, "username", basic.username());
            putIfSet(json, "password", basic.password());
        } else if (credentials instanceof DeviceCredentials.X509 x509) {
            putIfSet(json, "certificatePem", x509.certificatePem());
        }
        return json;
    }

    /**
     * Java values of shared attributes as the JSON object the server types: a {@link KvValue} as its JSON
     * (so a string that reads as a number, {@code "42"}, arrives typed as ThingsBoard types it, a long),
     * anything else as Jackson writes it.
     */
    public static ObjectNode valuesBody(Map<String, ?> values) {
        ObjectNode json = object();
        values.forEach((key, value) -> json.set(key, value instanceof KvValue typed
            ? json.rawValueNode(new RawValue(typed.toJson())) : AdminHttp.MAPPER.valueToTree(value)));
        return json;
    }

    public static ObjectNode provisionProfileBody(ProvisionProfile profile) {
        return object().put("name", profile.name()).put("provisionDeviceKey", profile.provisionDeviceKey())
            .put("provisionDeviceSecret", profile.provisionDeviceSecret()).put("strategy", profile.strategy().name());
    }

    public static ObjectNode rpcBody(RpcRequest request) {
        ObjectNode json = object().put("method", request.method());
        json.set("params", parse(request.params()));
        return json.put("oneway", request.oneway()).put("timeoutMs", request.timeout().toMillis());
    }

    public static ClientRpcStub stub(JsonNode json) {
        return new ClientRpcStub(text(json, "method"), json.get("response").toString(), text(json, "device"),
            Duration.ofMillis(json.get("delayMs").asLong()));
    }

    public static ObjectNode stubBody(ClientRpcStub stub) {
        ObjectNode json = object().put("method", stub.method());
        json.set("response", parse(stub.response()));
        if (stub.device() != null) {
            json.put("device", stub.device());
        }
        return json.put("delayMs", stub.delay().toMillis());
    }

    public static ObjectNode assignmentBody(String packageId, OtaFaults faults) {
        ObjectNode json = object().put("packageId", packageId);
        if (!faults.equals(OtaFaults.NONE)) {
            ObjectNode body = json.putObject("faults");
            if (faults.corruptChunk() != null) {
                body.put("corruptChunk", faults.corruptChunk());
            }
            if (faults.dropAfterChunk() != null) {
                body.put("dropAfterChunk", faults.dropAfterChunk());
            }
            if (!faults.chunkDelay().isZero()) {
                body.put("chunkDelayMs", faults.chunkDelay().toMillis());
            }
        }
        return json;
    }

    // --- pieces -----------------------------------------------------------------------------------------

    private static ObjectNode object() {
        return AdminHttp.MAPPER.createObjectNode();
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    /** JSON text the caller gave (RPC params, a stub's answer), as a tree; the server checks it. */
    private static JsonNode parse(String json) {
        try {
            return AdminHttp.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidRequestException(null, "not JSON: " + json);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** JSON the server holds as text (params, responses), compact; null stays null. */
    private static String embedded(JsonNode json) {
        return json == null || json.isNull() ? null : json.toString();
    }

    /** An event's payload: JSON embedded as JSON (its text when {@code payloadText} is absent), else a string. */
    private static String payload(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        return json.isTextual() ? json.textValue() : json.toString();
    }

    private static List<String> strings(JsonNode json) {
        return list(json, JsonNode::asText);
    }

    private static <T> Map<String, T> map(JsonNode json, Function<JsonNode, T> value) {
        Map<String, T> map = new LinkedHashMap<>();
        json.fields().forEachRemaining(field -> map.put(field.getKey(), value.apply(field.getValue())));
        return map;
    }
}
