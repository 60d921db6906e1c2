package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ThingsBoard's JSON payloads (its JsonConverter): lenient in, typed as it types values, compact out. */
public final class JsonCodec implements PayloadCodec {
    public static final JsonCodec INSTANCE = new JsonCodec();

    private JsonCodec() {
    }

    @Override
    public List<UploadParser.TsEntry> telemetry(byte[] payload, long serverTs) throws PayloadException {
        return UploadParser.telemetry(DeviceJson.parse(payload), serverTs);
    }

    @Override
    public Map<String, KvValue> attributes(byte[] payload) throws PayloadException {
        return UploadParser.attributes(DeviceJson.parse(payload));
    }

    /** {@code {"clientKeys":"a,b","sharedKeys":"c"}}: lists split on commas without trimming. */
    @Override
    public RequestedKeys attributeRequest(byte[] payload) throws PayloadException {
        if (!(DeviceJson.parse(payload) instanceof Map<?, ?> request)) {
            throw new PayloadException("an attribute request must be a JSON object");
        }
        return new RequestedKeys(keys(request, "clientKeys"), keys(request, "sharedKeys"));
    }

    @Override
    public ClientRpcService.Request clientRpcRequest(byte[] payload) throws PayloadException {
        return ClientRpcService.parse(payload, false);
    }

    /** An optional JSON object: empty is {@code {}}. */
    @Override
    public Object claim(byte[] payload) throws PayloadException {
        return payload.length > 0 ? DeviceJson.parse(payload) : Map.of();
    }

    @Override
    public byte[] rpcReply(byte[] payload) {
        return payload;
    }

    @Override
    public byte[] attributeUpdate(AttributeUpdate update) {
        return bytes(JsonWriter.object(json -> {
            update.values().forEach(json::value);
            if (!update.deleted().isEmpty()) {
                json.strings("deleted", update.deleted());
            }
        }));
    }

    @Override
    public byte[] attributeResponse(int requestId, Map<String, KvValue> client, Map<String, KvValue> shared) {
        return bytes(JsonWriter.object(json -> {
            if (!client.isEmpty()) {
                json.values("client", client);
            }
            if (!shared.isEmpty()) {
                json.values("shared", shared);
            }
        }));
    }

    @Override
    public byte[] rpcRequest(ServerRpcRecord rpc, boolean withId) {
        return bytes(JsonWriter.object(json -> {
            if (withId) {
                json.field("id", rpc.id());
            }
            json.field("method", rpc.method()).raw("params", rpc.params());
        }));
    }

    @Override
    public byte[] clientRpcResponse(int requestId, String response) {
        return bytes(response);
    }

    @Override
    public boolean binary() {
        return false;
    }

    @Override
    public String describe(EventType type, byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** A comma-separated keys list, split without trimming; null when the field is absent. */
    private static Set<String> keys(Map<?, ?> request, String field) throws PayloadException {
        if (!request.containsKey(field)) {
            return null;
        }
        return new LinkedHashSet<>(Arrays.asList(GsonValues.asString(request.get(field), field).split(",")));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
