package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.tb.Topics.Family;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute requests from devices and shared-attribute updates pushed to them (spec §5).
 */
public final class AttributeService {
    private final SessionRegistry sessions;
    private final Exchanges exchanges;

    public AttributeService(SessionRegistry sessions, Exchanges exchanges) {
        this.sessions = sessions;
        this.exchanges = exchanges;
    }

    /**
     * {@code …/attributes/request/{id}}: answers on the response topic of the request's family, with no
     * subscription needed. {@code {}} asks for every client and shared attribute; keys lists are split on
     * commas without trimming; empty sections are left out.
     */
    UplinkResult request(DeviceSession session, UplinkTopic uplink, String topic, byte[] payload) {
        int requestId;
        Set<String> clientKeys;
        Set<String> sharedKeys;
        try {
            requestId = requestId(uplink.suffix());
            if (!(DeviceJson.parse(payload) instanceof Map<?, ?> request)) {
                throw new PayloadException("an attribute request must be a JSON object");
            }
            clientKeys = keys(request, "clientKeys");
            sharedKeys = keys(request, "sharedKeys");
        } catch (PayloadException e) {
            return exchanges.invalid(session, topic, payload, e.getMessage());
        }
        session.attributeRequested(uplink.family());
        exchanges.received(session, EventType.ATTRIBUTE_REQUEST, topic, payload, null);
        boolean all = clientKeys == null && sharedKeys == null;
        DeviceEntry device = session.device();
        Map<String, KvValue> client = all || clientKeys != null
            ? select(device.clientAttributes().snapshot(), all ? null : clientKeys) : Map.of();
        Map<String, KvValue> shared = all || sharedKeys != null
            ? select(device.sharedAttributes().snapshot(), all ? null : sharedKeys) : Map.of();
        String response = JsonWriter.object(json -> {
            if (!client.isEmpty()) {
                json.values("client", client);
            }
            if (!shared.isEmpty()) {
                json.values("shared", shared);
            }
        });
        exchanges.send(session, EventType.ATTRIBUTE_RESPONSE, session.attributeResponses().attributeResponse(requestId),
            response);
        return UplinkResult.ACK;
    }

    /**
     * Stores shared attributes and pushes the changed ones to the device if it is registered for updates.
     *
     * @return whether they were pushed
     */
    public boolean updateShared(DeviceEntry device, Map<String, KvValue> values) {
        device.sharedAttributes().putAll(values);
        return push(device, JsonWriter.values(values));
    }

    /**
     * Removes shared attributes and pushes {@code {"deleted":[…]}} if the device is registered for updates.
     *
     * @return whether the deletion was pushed
     */
    public boolean deleteShared(DeviceEntry device, List<String> keys) {
        device.sharedAttributes().removeAll(keys);
        return push(device, JsonWriter.object(json -> json.strings("deleted", keys)));
    }

    private boolean push(DeviceEntry device, String payload) {
        DeviceSession session = sessions.current(device.id());
        Family family = session == null || !session.isOpen() ? null : session.attributeUpdates();
        if (family == null) {
            return false;
        }
        if (family.isProtobuf()) {
            exchanges.notSent(device.name(), EventType.ATTRIBUTE_UPDATE, family.attributes(), payload,
                "the device subscribed for protobuf updates, which tbmock does not send yet");
            return false;
        }
        return exchanges.send(session, EventType.ATTRIBUTE_UPDATE, family.attributes(), payload);
    }

    private static Map<String, KvValue> select(Map<String, KvValue> all, Set<String> keys) {
        if (keys == null) {
            return all;
        }
        Map<String, KvValue> selected = new LinkedHashMap<>();
        keys.forEach(key -> {
            KvValue value = all.get(key);
            if (value != null) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    /** A comma-separated keys list, split without trimming; null when the field is absent. */
    private static Set<String> keys(Map<?, ?> request, String field) throws PayloadException {
        if (!request.containsKey(field)) {
            return null;
        }
        return new LinkedHashSet<>(Arrays.asList(GsonValues.asString(request.get(field), field).split(",")));
    }

    static int requestId(String text) throws PayloadException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new PayloadException("the request id in the topic must be an integer, was '" + text + "'");
        }
    }
}
