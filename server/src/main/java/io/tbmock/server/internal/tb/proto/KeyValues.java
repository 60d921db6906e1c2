package io.tbmock.server.internal.tb.proto;

import io.tbmock.server.internal.tb.AttributeUpdate;
import io.tbmock.server.internal.tb.DeviceJson;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.proto.TransportMessages.AttributeUpdateNotificationMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GetAttributeResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.KeyValueProto;
import io.tbmock.server.internal.tb.proto.TransportMessages.KeyValueType;
import io.tbmock.server.internal.tb.proto.TransportMessages.TsKvProto;
import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ThingsBoard's typed key-value messages both ways: what a device sends as {@code KeyValueProto}s, checked as its
 * ProtoConverter checks them, and the attribute messages the server writes.
 */
public final class KeyValues {
    private KeyValues() {
    }

    /**
     * The values, typed as the device typed them (no casting of strings, unlike JSON).
     *
     * @throws PayloadException ThingsBoard's refusal: an empty list, an empty key, JSON that does not parse
     */
    public static Map<String, KvValue> values(List<KeyValueProto> list) throws PayloadException {
        if (list.isEmpty()) {
            throw new PayloadException("KeyValue list is empty!");
        }
        Map<String, KvValue> values = new LinkedHashMap<>();
        for (KeyValueProto kv : list) {
            if (kv.getKey().isEmpty()) {
                throw new PayloadException("Invalid key value: " + kv.getKey() + "!");
            }
            values.put(kv.getKey(), value(kv));
        }
        return values;
    }

    private static KvValue value(KeyValueProto kv) throws PayloadException {
        switch (kv.getType()) {
            case BOOLEAN_V:
                return KvValue.of(kv.getBoolV());
            case LONG_V:
                return KvValue.of(kv.getLongV());
            case DOUBLE_V:
                return KvValue.of(kv.getDoubleV());
            case STRING_V:
                return KvValue.of(kv.getStringV());
            case JSON_V:
                try {
                    DeviceJson.parseStrict(kv.getJsonV().getBytes(StandardCharsets.UTF_8));
                } catch (PayloadException e) {
                    throw new PayloadException("Can't parse value: " + kv.getJsonV() + " for key: " + kv.getKey() + "!");
                }
                return KvValue.json(DeviceJson.compact(kv.getJsonV()));
            default:
                throw new PayloadException("Unsupported keyValueType: " + kv.getType() + "!");
        }
    }

    /** A change of shared attributes, each value stamped {@code ts}. */
    public static AttributeUpdateNotificationMsg update(AttributeUpdate update, long ts) {
        AttributeUpdateNotificationMsg.Builder msg = AttributeUpdateNotificationMsg.newBuilder();
        update.values().forEach((key, value) -> msg.addSharedUpdated(tsKv(ts, key, value)));
        msg.addAllSharedDeleted(update.deleted());
        return msg.build();
    }

    /** The answer to attribute request {@code requestId}, each value stamped {@code ts}. */
    public static GetAttributeResponseMsg.Builder response(int requestId, Map<String, KvValue> client,
                                                          Map<String, KvValue> shared, long ts) {
        GetAttributeResponseMsg.Builder msg = GetAttributeResponseMsg.newBuilder().setRequestId(requestId);
        client.forEach((key, value) -> msg.addClientAttributeList(tsKv(ts, key, value)));
        shared.forEach((key, value) -> msg.addSharedAttributeList(tsKv(ts, key, value)));
        return msg;
    }

    private static TsKvProto tsKv(long ts, String key, KvValue value) {
        KeyValueProto.Builder kv = KeyValueProto.newBuilder().setKey(key);
        switch (value.type()) {
            case BOOLEAN -> kv.setType(KeyValueType.BOOLEAN_V).setBoolV(value.asBoolean());
            case LONG -> kv.setType(KeyValueType.LONG_V).setLongV(value.asLong());
            case DOUBLE -> kv.setType(KeyValueType.DOUBLE_V).setDoubleV(value.asDouble());
            case STRING -> kv.setType(KeyValueType.STRING_V).setStringV((String) value.value());
            default -> kv.setType(KeyValueType.JSON_V).setJsonV((String) value.value());
        }
        return TsKvProto.newBuilder().setTs(ts).setKv(kv).build();
    }
}
