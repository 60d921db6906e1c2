package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * ThingsBoard's paged lists, in memory (docs/thingsboard-rest.md §1 PageData): {@code pageSize} and {@code page} (from 0) required,
 * {@code textSearch} a case-insensitive substring of the fields named, {@code sortProperty} and {@code sortOrder}.
 */
final class TbPages {
    private TbPages() {
    }

    /** @param searched the fields {@code textSearch} looks in */
    static ObjectNode page(List<ObjectNode> items, ApiRequest request, String... searched) {
        int pageSize = intParam(request, "pageSize", 1);
        int page = intParam(request, "page", 0);
        String text = request.query("textSearch");
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode item : items) {
            if (text == null || text.isEmpty() || matches(item, text.toLowerCase(Locale.ROOT), searched)) {
                found.add(item);
            }
        }
        String order = request.query("sortOrder");
        if (order != null && !order.equals("ASC") && !order.equals("DESC")) {
            throw TbError.badRequest("Unsupported sort order '" + order + "'! Only 'ASC' or 'DESC' types are allowed.");
        }
        String property = request.query("sortProperty");
        // ThingsBoard sorts by id unless told; its ids are time-based, so that is creation order, as here.
        Comparator<ObjectNode> sort = Comparator.comparing(item -> sortKey(item,
            property == null || property.isEmpty() || property.equals("id") ? "createdTime" : property), TbPages::compare);
        found.sort("DESC".equals(order) ? sort.reversed() : sort);
        long from = (long) page * pageSize;
        ObjectNode json = Json.object();
        var data = json.putArray("data");
        for (long i = from; i < Math.min(found.size(), from + pageSize); i++) {
            data.add(found.get((int) i));
        }
        return json.put("totalPages", (found.size() + pageSize - 1) / pageSize).put("totalElements", found.size())
            .put("hasNext", from + pageSize < found.size());
    }

    private static int intParam(ApiRequest request, String name, int min) {
        String value = request.query(name);
        if (value == null) {
            throw TbError.badRequest("Required request parameter '" + name + "' for method parameter type int is not present");
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw TbError.badRequest("Parameter '" + name + "' must be a whole number from " + min + ", was '" + value + "'");
    }

    private static boolean matches(ObjectNode item, String text, String... fields) {
        for (String field : fields) {
            JsonNode value = item.get(field);
            if (value != null && value.isTextual() && value.asText().toLowerCase(Locale.ROOT).contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode sortKey(ObjectNode item, String property) {
        JsonNode value = item.path(property);
        return value.isObject() && value.has("id") ? value.get("id") : value;
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        return a.asText("").compareToIgnoreCase(b.asText(""));
    }
}
