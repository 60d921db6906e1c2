package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** ThingsBoard's entity ids: {@code {"entityType":"DEVICE","id":"<uuid>"}}, and the ids tbmock's one tenant has. */
final class TbIds {
    /** ThingsBoard's NULL id: the customer of an unassigned device, and of the tenant administrator. */
    static final String NULL_UUID = "13814000-1dd2-11b2-8080-808080808080";

    private TbIds() {
    }

    static ObjectNode entityId(String entityType, String id) {
        return Json.object().put("entityType", entityType).put("id", id);
    }

    /** An id object for an id that may be absent: JSON null then, as ThingsBoard writes it. */
    static JsonNode entityIdOrNull(String entityType, String id) {
        return id == null ? Json.object().nullNode() : entityId(entityType, id);
    }

    /**
     * A UUID from a path or body, as Java writes it.
     *
     * @throws TbError 400 {@code Invalid UUID string: x}, as ThingsBoard's parser says
     */
    static String uuid(String text) {
        try {
            if (text != null && text.length() == 36) {
                return UUID.fromString(text).toString();
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw TbError.badRequest("Invalid UUID string: " + text);
    }

    /**
     * The UUIDs of a comma-separated list parameter ({@code ?deviceIds=a,b}), each trimmed.
     *
     * @throws TbError 400 for the first that is not a UUID, as {@link #uuid} answers
     */
    static List<String> uuids(String commaSeparated) {
        List<String> uuids = new ArrayList<>();
        for (String id : commaSeparated.split(",")) {
            uuids.add(uuid(id.trim()));
        }
        return uuids;
    }

    /** The {@code id} of an id object ({@code {"entityType","id"}}), or null when the field is absent or null. */
    static String idOf(JsonNode holder, String field) {
        JsonNode id = holder.path(field);
        if (id.isMissingNode() || id.isNull()) {
            return null;
        }
        JsonNode uuid = id.path("id");
        if (!uuid.isTextual()) {
            throw TbError.badRequest("Invalid " + field + ": an id object {\"entityType\",\"id\"} is expected");
        }
        return uuid(uuid.asText());
    }
}
