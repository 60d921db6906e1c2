package io.tbmock.server.internal.tb;

import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/** Small JSON texts the server sends to devices, written out directly with ThingsBoard's value format. */
final class JsonText {
    private JsonText() {
    }

    static String quote(String s) {
        return KvValue.of(s).toJson();
    }

    /** {@code {"k":v,…}} with typed values in map order. */
    static String values(Map<String, KvValue> values) {
        StringJoiner json = new StringJoiner(",", "{", "}");
        values.forEach((key, value) -> json.add(quote(key) + ":" + value.toJson()));
        return json.toString();
    }

    /** {@code ["a","b"]}. */
    static String strings(Collection<String> strings) {
        StringJoiner json = new StringJoiner(",", "[", "]");
        strings.forEach(s -> json.add(quote(s)));
        return json.toString();
    }

    /** Re-reads JSON text leniently and writes it compact, as ThingsBoard re-parses what it forwards. */
    static String compact(String json, String what) throws PayloadException {
        Object parsed = DeviceJson.parse(json.getBytes(StandardCharsets.UTF_8));
        if (parsed == null && json.isBlank()) {
            throw new PayloadException(what + " is empty");
        }
        return DeviceJson.write(parsed);
    }
}
