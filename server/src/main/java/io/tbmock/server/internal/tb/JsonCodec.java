package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
    public byte[] attributeResponse(Map<String, KvValue> client, Map<String, KvValue> shared) {
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
    public String describe(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
