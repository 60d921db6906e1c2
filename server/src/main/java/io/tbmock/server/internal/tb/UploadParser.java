package io.tbmock.server.internal.tb;

import io.tbmock.server.model.KvValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes ThingsBoard accepts for telemetry and client attributes (docs/thingsboard-mqtt.md §4.1, JsonConverter). The
 * whole payload is converted before anything is stored, so a refused payload stores nothing.
 */
public final class UploadParser {
    /** JsonConverter's message for a value that is not the object (or array) it converts. */
    static final String CANT_PARSE = "Can't parse value: ";

    /** Values sharing one timestamp. */
    public record TsEntry(long ts, Map<String, KvValue> values) {
    }

    private UploadParser() {
    }

    /**
     * Telemetry: an object of values stamped {@code serverTs}; an object with both {@code ts} and
     * {@code values}; or an array mixing the two. {@code {"values":{…}}} without {@code ts} is a key named
     * "values".
     */
    public static List<TsEntry> telemetry(Object json, long serverTs) throws PayloadException {
        List<TsEntry> entries = new ArrayList<>();
        if (json instanceof Map<?, ?> object) {
            entries.add(entry(object, serverTs));
        } else if (json instanceof List<?> array) {
            for (Object element : array) {
                if (!(element instanceof Map<?, ?> object)) {
                    throw PayloadException.unparsable(CANT_PARSE + JsonWriter.tree(element));
                }
                entries.add(entry(object, serverTs));
            }
        } else {
            throw PayloadException.unparsable(CANT_PARSE + JsonWriter.tree(json));
        }
        return entries;
    }

    /**
     * A gateway's telemetry for one device (docs/thingsboard-mqtt.md §11.1): an array of objects of either telemetry form; an
     * element's {@code metadata} (connector, receivedTs, publishedTs, for ThingsBoard's gateway latency
     * metrics) is taken out, and must have all three.
     */
    public static List<TsEntry> gatewayTelemetry(Object json, long serverTs) throws PayloadException {
        if (!(json instanceof List<?> array)) {
            throw new PayloadException("a device's telemetry must be a JSON array, found " + GsonValues.describe(json));
        }
        List<TsEntry> entries = new ArrayList<>();
        for (Object element : array) {
            if (!(element instanceof Map<?, ?> object)) {
                throw new PayloadException("telemetry array elements must be JSON objects, found " + GsonValues.describe(element));
            }
            Map<Object, Object> values = new LinkedHashMap<>(object);
            Object metadata = values.remove("metadata");
            if (metadata != null) {
                requireMetadata(metadata);
            }
            entries.add(entry(values, serverTs));
        }
        return entries;
    }

    private static void requireMetadata(Object metadata) throws PayloadException {
        if (!(metadata instanceof Map<?, ?> fields)) {
            throw new PayloadException("\"metadata\" must be a JSON object, found " + GsonValues.describe(metadata));
        }
        for (String field : new String[] {"connector", "receivedTs", "publishedTs"}) {
            if (fields.get(field) == null) {
                throw new PayloadException("\"metadata\" must have \"" + field + "\"");
            }
        }
        GsonValues.asLong(fields.get("receivedTs"), "metadata.receivedTs");
        GsonValues.asLong(fields.get("publishedTs"), "metadata.publishedTs");
    }

    /** Client attributes: a JSON object; {@code ts} and {@code values} are ordinary keys here. */
    public static Map<String, KvValue> attributes(Object json) throws PayloadException {
        if (!(json instanceof Map<?, ?> object)) {
            throw PayloadException.unparsable(CANT_PARSE + JsonWriter.tree(json));
        }
        return typed(object);
    }

    private static TsEntry entry(Map<?, ?> object, long serverTs) throws PayloadException {
        if (object.containsKey("ts") && object.containsKey("values")) {
            if (!(object.get("values") instanceof Map<?, ?> values)) {
                throw new PayloadException("\"values\" must be a JSON object, found " + GsonValues.describe(object.get("values")));
            }
            return new TsEntry(GsonValues.asLong(object.get("ts"), "ts"), typed(values));
        }
        return new TsEntry(serverTs, typed(object));
    }

    /** The values, typed; a NaN or Infinity value fails ThingsBoard's BigDecimal with an unchecked error. */
    private static Map<String, KvValue> typed(Map<?, ?> object) throws PayloadException {
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            if (entry.getValue() instanceof DeviceJson.JsonNumber number && !number.isFinite()) {
                throw PayloadException.escaping("\"" + entry.getKey() + "\" is " + number.text() + ", not a number");
            }
        }
        return ValueTyping.typed(asObject(object));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Map<?, ?> object) {
        return (Map<String, Object>) object;
    }
}
