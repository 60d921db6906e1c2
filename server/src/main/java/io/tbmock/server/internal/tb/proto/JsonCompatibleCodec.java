package io.tbmock.server.internal.tb.proto;

import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.internal.tb.AttributeUpdate;
import io.tbmock.server.internal.tb.ClientRpcService;
import io.tbmock.server.internal.tb.JsonCodec;
import io.tbmock.server.internal.tb.PayloadCodec;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.RequestedKeys;
import io.tbmock.server.internal.tb.UploadParser;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.util.List;
import java.util.Map;

/**
 * A protobuf profile with {@code enableCompatibilityWithJsonPayloadFormat}, as ThingsBoard's
 * BackwardCompatibilityAdaptor reads uplinks: protobuf first, then JSON; a payload neither reads is refused with
 * JSON's reason. What the server sends is protobuf.
 */
public final class JsonCompatibleCodec implements PayloadCodec {
    private final ProtoCodec proto;

    public JsonCompatibleCodec(ProtoCodec proto) {
        this.proto = proto;
    }

    private interface Read<T> {
        T from(PayloadCodec codec) throws PayloadException;
    }

    private <T> T either(Read<T> read) throws PayloadException {
        try {
            return read.from(proto);
        } catch (PayloadException notProtobuf) {
            return read.from(JsonCodec.INSTANCE);
        }
    }

    @Override
    public List<UploadParser.TsEntry> telemetry(byte[] payload, long serverTs) throws PayloadException {
        return either(codec -> codec.telemetry(payload, serverTs));
    }

    @Override
    public Map<String, KvValue> attributes(byte[] payload) throws PayloadException {
        return either(codec -> codec.attributes(payload));
    }

    @Override
    public RequestedKeys attributeRequest(byte[] payload) throws PayloadException {
        return either(codec -> codec.attributeRequest(payload));
    }

    @Override
    public ClientRpcService.Request clientRpcRequest(byte[] payload) throws PayloadException {
        return either(codec -> codec.clientRpcRequest(payload));
    }

    @Override
    public Object claim(byte[] payload) throws PayloadException {
        return either(codec -> codec.claim(payload));
    }

    @Override
    public byte[] rpcReply(byte[] payload) throws PayloadException {
        return either(codec -> codec.rpcReply(payload));
    }

    @Override
    public byte[] attributeUpdate(AttributeUpdate update) {
        return proto.attributeUpdate(update);
    }

    @Override
    public byte[] attributeResponse(int requestId, Map<String, KvValue> client, Map<String, KvValue> shared) {
        return proto.attributeResponse(requestId, client, shared);
    }

    @Override
    public byte[] rpcRequest(ServerRpcRecord rpc, boolean withId) throws PayloadException {
        return proto.rpcRequest(rpc, withId);
    }

    @Override
    public byte[] clientRpcResponse(int requestId, String response) {
        return proto.clientRpcResponse(requestId, response);
    }

    @Override
    public boolean binary() {
        return true;
    }

    /** Protobuf if it reads as such, else the text. */
    @Override
    public String describe(EventType type, byte[] payload) {
        String decoded = proto.describe(type, payload);
        return decoded != null ? decoded : JsonCodec.INSTANCE.describe(type, payload);
    }
}
