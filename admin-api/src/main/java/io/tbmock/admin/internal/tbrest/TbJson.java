package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the loosely typed bodies ThingsBoard's clients send. */
final class TbJson {
    private TbJson() {
    }

    /** A field's scalar value as text, or null when it is absent, null or not a scalar. */
    static String text(JsonNode holder, String field) {
        JsonNode value = holder.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
