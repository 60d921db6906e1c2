package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The tenant's customers, as ThingsBoard's REST API shows and saves them (its Customer object, validated as its
 * CustomerDataValidator validates one). The customer user's own customer, "Customer A" as in ThingsBoard's demo
 * data, is always there: a reset brings it back as it was.
 */
final class TbCustomers {
    /** The title ThingsBoard keeps for the public customer it makes itself. */
    private static final String PUBLIC_TITLE = "Public";
    private static final String[] CONTACT_FIELDS = {"country", "state", "city", "address", "address2", "zip", "phone",
        "email"};

    private final String tenantId;
    private final String demoCustomerId;
    private final long demoCreatedTime = System.currentTimeMillis();
    // Guarded by this: by id, oldest first.
    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();

    /** @param demoCustomerId the id of the customer user's customer */
    TbCustomers(String tenantId, String demoCustomerId) {
        this.tenantId = tenantId;
        this.demoCustomerId = demoCustomerId;
        reset();
    }

    synchronized void reset() {
        byId.clear();
        byId.put(demoCustomerId, customer(demoCustomerId, demoCreatedTime, "Customer A", 1));
    }

    /** @throws TbError 400 not a UUID, 404 {@code Customer with id [<uuid>] is not found} */
    synchronized ObjectNode require(String id) {
        String uuid = TbIds.uuid(id);
        ObjectNode customer = byId.get(uuid);
        if (customer == null) {
            throw TbError.notFound("Customer with id [" + uuid + "] is not found");
        }
        return customer.deepCopy();
    }

    /** The customer's title, or null for the NULL customer (an unassigned device's) and one deleted since. */
    synchronized String titleOf(String id) {
        ObjectNode customer = byId.get(id);
        return customer == null ? null : customer.get("title").asText();
    }

    synchronized Optional<ObjectNode> byTitle(String title) {
        return byId.values().stream().filter(c -> c.get("title").asText().equals(title)).findFirst()
            .map(ObjectNode::deepCopy);
    }

    synchronized List<ObjectNode> all() {
        List<ObjectNode> copies = new ArrayList<>();
        byId.values().forEach(customer -> copies.add(customer.deepCopy()));
        return copies;
    }

    /** {@code POST /api/customer}: creates (no id) or updates the customer. */
    synchronized ObjectNode save(ObjectNode body) {
        String id = TbIds.idOf(body, "id");
        ObjectNode old = id == null ? null : byId.get(id);
        if (id != null && old == null) {
            throw TbError.notFound("Customer with id [" + id + "] is not found");
        }
        String title = body.path("title").isTextual() ? body.get("title").asText() : "";
        if (title.isBlank()) {
            throw TbError.badRequest("Customer title should be specified!");
        }
        if (title.indexOf('\u0000') >= 0) {
            throw TbError.badRequest("Customer title should not contain 0x00 symbol!");
        }
        if (title.equals(PUBLIC_TITLE)) {
            throw TbError.badRequest("'Public' title for customer is system reserved!");
        }
        String email = body.path("email").asText("");
        if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw TbError.badRequest("Invalid email address format '" + email + "'!");
        }
        if (old != null && body.path("version").isNumber() && body.get("version").asLong() != old.get("version").asLong()) {
            throw TbError.json(HttpResponseStatus.CONFLICT, TbError.VERSION_CONFLICT,
                "Customer was already changed by someone else");
        }
        if (byId.values().stream().anyMatch(c -> c != old && c.get("title").asText().equals(title))) {
            throw TbError.badRequest("Customer with such title already exists!");
        }
        String savedId = id == null ? UUID.randomUUID().toString() : id;
        ObjectNode saved = customer(savedId, old == null ? System.currentTimeMillis() : old.get("createdTime").asLong(),
            title, old == null ? 1 : old.get("version").asLong() + 1);
        for (String field : CONTACT_FIELDS) {
            saved.put(field, TbJson.text(body, field));
        }
        JsonNode info = body.path("additionalInfo");
        saved.set("additionalInfo", info.isMissingNode() ? Json.object().nullNode() : info);
        byId.put(savedId, saved);
        return saved.deepCopy();
    }

    /** @throws TbError 404 no such customer */
    synchronized void delete(String id) {
        require(id);
        byId.remove(TbIds.uuid(id));
    }

    private ObjectNode customer(String id, long createdTime, String title, long version) {
        ObjectNode json = Json.object();
        json.set("id", TbIds.entityId("CUSTOMER", id));
        json.put("createdTime", createdTime);
        json.put("title", title);
        json.set("tenantId", TbIds.entityId("TENANT", tenantId));
        for (String field : CONTACT_FIELDS) {
            json.putNull(field);
        }
        json.putNull("additionalInfo").putNull("externalId").put("version", version).put("name", title);
        return json;
    }
}
