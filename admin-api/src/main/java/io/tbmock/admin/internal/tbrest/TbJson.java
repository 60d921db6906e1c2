package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.server.model.KvValue;

/** Reading the loosely typed bodies ThingsBoard's clients send. */
final class TbJson {
    private TbJson() {
    }

    /** A field's scalar value as text, or null when it is absent, null or not a scalar. */
    static String text(JsonNode holder, String field) {
        JsonNode value = holder.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /**
     * A telemetry value as ThingsBoard's reads and WebSocket write it without strict types: a string as it is,
     * anything else as its JSON ({@code "true"}, {@code "42.0"}, {@code "73"}, compact JSON).
     */
    static String asText(KvValue value) {
        return value.value() instanceof String text ? text : value.toJson();
    }
}
