package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceAttributes;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaProgress;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.server.model.ServerStats;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import java.util.List;
import java.util.Map;

/** The JSON shapes of docs/admin-api.md for the Java API's types. */
public final class JsonViews {
    private JsonViews() {
    }

    public static ObjectNode device(Device device) {
        ObjectNode json = Json.object()
            .put("id", device.id())
            .put("name", device.name())
            .put("type", device.type())
            .put("gateway", device.gateway());
        json.set("credentials", credentials(device.credentials()));
        return json.put("connected", device.connected()).put("createdAt", device.createdAt())
            .put("provisionProfile", device.provisionProfile()).put("provisionedBy", device.provisionedBy())
            .put("lastConnectedGateway", device.lastConnectedGateway());
    }

    public static ObjectNode stats(ServerStats stats) {
        return Json.object().put("devices", stats.devices()).put("connectedDevices", stats.connectedDevices())
            .put("events", stats.events()).put("eventsDropped", stats.eventsDropped())
            .put("telemetryValuesDropped", stats.telemetryValuesDropped()).put("rpcsDropped", stats.rpcsDropped())
            .put("clientRpcsDropped", stats.clientRpcsDropped()).put("pendingWaits", stats.pendingWaits())
            .put("lastSeq", stats.lastSeq());
    }

    /** A fault in force: its id, what it does (absent parameters are null) and how often it fired. */
    public static ObjectNode fault(Fault fault) {
        NewFault spec = fault.spec();
        ObjectNode json = Json.object().put("id", fault.id()).put("kind", spec.kind().name())
            .put("device", spec.device()).put("topic", spec.topic()).put("count", spec.count())
            .put("activeMs", spec.activeMs()).put("reasonCode", spec.reasonCode()).put("delayMs", spec.delayMs())
            .put("afterMessages", spec.afterMessages()).put("dropMessage", spec.dropMessage())
            .put("afterMs", spec.afterMs()).put("atOtaChunk", spec.atOtaChunk()).put("downMs", spec.downMs())
            .put("forgetState", spec.forgetState()).put("stallMs", spec.stallMs())
            .put("bytesPerSecond", spec.bytesPerSecond()).put("messages", spec.messages())
            .put("telemetryMessages", spec.telemetryMessages()).put("telemetryDataPoints", spec.telemetryDataPoints())
            .put("transport", spec.transport());
        return json.put("fired", fault.fired()).put("createdAt", fault.createdAt());
    }

    public static ObjectNode provisionProfile(ProvisionProfile profile) {
        return Json.object().put("name", profile.name()).put("provisionDeviceKey", profile.provisionDeviceKey())
            .put("provisionDeviceSecret", profile.provisionDeviceSecret()).put("strategy", profile.strategy().name());
    }

    public static ObjectNode credentials(DeviceCredentials credentials) {
        ObjectNode json = Json.object().put("type", credentials.type().name());
        if (credentials instanceof DeviceCredentials.AccessToken token) {
            json.put("token", token.token());
        } else if (credentials instanceof DeviceCredentials.MqttBasic basic) {
            json.put("clientId", basic.clientId()).put("username", basic.username()).put("password", basic.password());
        } else if (credentials instanceof DeviceCredentials.X509 x509) {
            json.put("certificatePem", x509.certificatePem());
            if (x509.privateKeyPem() != null) {
                json.put("privateKeyPem", x509.privateKeyPem());
            }
        }
        return json;
    }

    /** The device state service's view, its keys those of the device's server-scope attributes. */
    public static ObjectNode deviceState(DeviceState state) {
        return Json.object().put("active", state.active()).put("lastConnectTime", state.lastConnectTime())
            .put("lastDisconnectTime", state.lastDisconnectTime()).put("lastActivityTime", state.lastActivityTime())
            .put("inactivityAlarmTime", state.inactivityAlarmTime()).put("inactivityTimeout", state.inactivityTimeout());
    }

    public static ObjectNode session(SessionInfo session) {
        ObjectNode json = Json.object().put("connected", session.connected());
        json.put("transport", session.transport());
        json.put("clientId", session.clientId());
        json.put("connectedAt", session.connectedAt());
        json.put("protocolVersion", session.connected() ? session.protocolVersion() : null);
        ArrayNode subscriptions = json.putArray("subscriptions");
        session.subscriptions().forEach(subscriptions::add);
        return json;
    }

    /** A typed value as ThingsBoard writes it: 73, 42.0, true, "text", or nested JSON. */
    public static JsonNode value(KvValue value) {
        return Json.object().rawValueNode(new RawValue(value.toJson()));
    }

    public static ArrayNode stampedAttributes(List<AttributeKv> attributes) {
        ArrayNode list = Json.array();
        attributes.forEach(kv -> list.addObject().put("key", kv.key()).put("lastUpdateTs", kv.lastUpdateTs())
            .set("value", value(kv.value())));
        return list;
    }

    public static ObjectNode values(Map<String, KvValue> values) {
        ObjectNode json = Json.object();
        values.forEach((key, value) -> json.set(key, value(value)));
        return json;
    }

    public static ObjectNode timeseries(Map<String, List<TsValue>> telemetry) {
        ObjectNode json = Json.object();
        telemetry.forEach((key, points) -> {
            ArrayNode series = json.putArray(key);
            points.forEach(point -> {
                ObjectNode entry = series.addObject().put("ts", point.ts());
                entry.set("value", value(point.value()));
            });
        });
        return json;
    }

    public static ObjectNode attributes(DeviceAttributes attributes) {
        ObjectNode json = Json.object();
        json.set("client", values(attributes.client()));
        json.set("shared", values(attributes.shared()));
        return json;
    }

    public static ObjectNode events(EventPage page) {
        ObjectNode json = Json.object();
        ArrayNode events = json.putArray("events");
        page.events().forEach(event -> events.add(event(event)));
        return json.put("next", page.next());
    }

    public static ObjectNode rpc(ServerRpc rpc) {
        ObjectNode json = Json.object().put("id", rpc.id()).put("method", rpc.method());
        json.set("params", embedded(rpc.params()));
        json.put("oneway", rpc.oneway()).put("status", rpc.status().name());
        json.set("response", embedded(rpc.response()));
        json.put("createdAt", rpc.createdAt()).put("expiresAt", rpc.expiresAt()).put("sent", rpc.sent())
            .put("nonJsonReply", rpc.nonJsonReply());
        if (rpc.error() != null) {
            json.put("error", rpc.error());
        }
        return json;
    }

    public static ObjectNode clientRpc(ClientRpcRequest request) {
        ObjectNode json = Json.object().put("id", request.id()).put("method", request.method());
        json.set("params", embedded(request.params()));
        json.put("ts", request.ts());
        json.set("response", embedded(request.response()));
        return json;
    }

    public static ObjectNode stub(ClientRpcStub stub) {
        ObjectNode json = Json.object().put("method", stub.method());
        json.set("response", embedded(stub.response()));
        return json.put("device", stub.device()).put("delayMs", stub.delay().toMillis());
    }

    public static ObjectNode claim(ClaimRequest claim) {
        return Json.object().put("secretKey", claim.secretKey()).put("durationMs", claim.durationMs())
            .put("requestedAt", claim.requestedAt());
    }

    public static ObjectNode otaPackage(OtaPackage pkg) {
        return Json.object().put("id", pkg.id()).put("title", pkg.title()).put("version", pkg.version())
            .put("type", pkg.type().name()).put("size", pkg.size()).put("checksum", pkg.checksum())
            .put("checksumAlgorithm", pkg.checksumAlgorithm() == null ? null : pkg.checksumAlgorithm().name())
            .put("tag", pkg.tag()).put("url", pkg.url());
    }

    public static ObjectNode otaProgress(OtaProgress progress) {
        ObjectNode json = Json.object().put("packageId", progress.packageId()).put("title", progress.title())
            .put("version", progress.version()).put("chunksServed", progress.chunksServed())
            .put("bytesServed", progress.bytesServed());
        progress.states().forEach(json.putArray("states")::add);
        return json;
    }

    /** JSON text the server produced, as JSON; null as JSON null. */
    private static JsonNode embedded(String json) {
        return json == null ? Json.object().nullNode() : Json.object().rawValueNode(new RawValue(json));
    }

    /**
     * An event; a payload that is JSON is embedded as JSON, any other payload as a string. Where the embedded
     * JSON would not print back as the device's text (its spaces, {@code 25.50}), {@code payloadText} has the
     * text itself, so that what a client reads is what the device sent. A binary (protobuf) payload is shown decoded,
     * with {@code payloadBase64} holding its bytes.
     */
    public static ObjectNode event(Event event) {
        ObjectNode json = Json.object()
            .put("seq", event.seq())
            .put("ts", event.ts())
            .put("device", event.device())
            .put("gateway", event.gateway())
            .put("clientId", event.clientId())
            .put("direction", event.direction().name())
            .put("type", event.type().name())
            .put("topic", event.topic());
        JsonNode payload = event.payload() == null ? null : Json.tryParse(event.payload());
        if (payload != null && !payload.isMissingNode()) {
            json.set("payload", payload);
            if (!payload.toString().equals(event.payload())) {
                json.put("payloadText", event.payload());
            }
        } else {
            json.put("payload", event.payload());
        }
        if (event.payloadBase64() != null) { // a binary payload: payload shows it decoded
            json.put("payloadBase64", event.payloadBase64());
        }
        return json.put("error", event.error()).put("transport", event.transport());
    }
}
