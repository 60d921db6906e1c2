package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.internal.state.AttributeStore;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A device's attributes (docs/thingsboard-mqtt.md §5): shared attributes set by the test, typed as ThingsBoard's REST API
 * types them, whether given as Java values or JSON, and pushed to the device's session and its HTTP polls; client
 * and server attributes stored; the selection an attribute request is answered with.
 */
public final class AttributeService {
    private final DeviceRegistry devices;
    private final SessionRegistry sessions;
    private final DeviceStates states;
    private final AttributeChanges changes;
    private final SyncPolls polls;

    public AttributeService(DeviceRegistry devices, SessionRegistry sessions, SyncPolls polls, DeviceStates states,
                            AttributeChanges changes) {
        this.polls = polls;
        this.devices = devices;
        this.sessions = sessions;
        this.states = states;
        this.changes = changes;
    }

    /**
     * Sets shared attributes given as Java values: a {@link KvValue} as it is, anything else typed as the same
     * value sent as JSON would be ({@code "42"} becomes the long 42; maps and lists become JSON; nulls dropped).
     *
     * @return whether they were pushed to the device
     * @throws InvalidRequestException nothing to set, or a value JSON cannot hold
     */
    public boolean setShared(String device, Map<String, ?> values) {
        DeviceEntry entry = devices.require(device);
        Map<String, KvValue> typed = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            KvValue kv = value instanceof KvValue given ? given : ValueTyping.typed(JavaValues.tree(value, key));
            if (kv != null) {
                typed.put(key, kv);
            }
        });
        return setTyped(entry, typed);
    }

    /** {@link #setShared} with the values as a JSON object's text, read leniently. */
    public boolean setSharedJson(String device, String jsonObject) {
        DeviceEntry entry = devices.require(device);
        return setTyped(entry, typedObject(jsonObject, "shared"));
    }

    /**
     * Stores client attributes as if the device had sent them (typed the same way), for a test that starts
     * from a device's known state; nothing is sent or journaled.
     *
     * @throws InvalidRequestException not a JSON object, or nothing to set
     */
    public void setClientJson(String device, String jsonObject) {
        DeviceEntry entry = devices.require(device);
        store(entry, entry.clientAttributes(), jsonObject, "client");
    }

    /**
     * Stores server-scope attributes, typed as shared ones are; the device never sees them. An
     * {@code inactivityTimeout} among them is the device's own inactivity timeout, as in ThingsBoard.
     *
     * @throws InvalidRequestException not a JSON object, or nothing to set
     */
    public void setServerJson(String device, String jsonObject) {
        DeviceEntry entry = devices.require(device);
        Map<String, KvValue> stored = store(entry, entry.serverAttributes(), jsonObject, "server");
        if (stored.containsKey(DeviceStates.INACTIVITY_TIMEOUT)) {
            states.timeoutChanged(entry, stored.get(DeviceStates.INACTIVITY_TIMEOUT));
        }
    }

    /** Stores the object's typed values in the scope without telling the device; returns them. */
    private Map<String, KvValue> store(DeviceEntry device, AttributeStore scope, String jsonObject, String scopeName) {
        Map<String, KvValue> values = typedObject(jsonObject, scopeName);
        if (values.isEmpty()) {
            throw new InvalidRequestException("attributes", "no attribute to set (null values are dropped)");
        }
        scope.putAll(values);
        changes.changed(device.name());
        return values;
    }

    /**
     * Removes attributes of one scope; a shared deletion is pushed as {@link #deleteShared(String, String...)}
     * pushes it. Unknown keys are ignored.
     *
     * @return whether a deletion was pushed to the device
     */
    public boolean delete(String device, AttributeScope scope, String... keys) {
        if (scope == AttributeScope.SHARED) {
            return deleteShared(device, keys);
        }
        if (keys.length == 0) {
            throw new InvalidRequestException("keys", "name at least one attribute key to delete");
        }
        DeviceEntry entry = devices.require(device);
        (scope == AttributeScope.CLIENT ? entry.clientAttributes() : entry.serverAttributes()).removeAll(List.of(keys));
        changes.changed(entry.name());
        if (scope == AttributeScope.SERVER && List.of(keys).contains(DeviceStates.INACTIVITY_TIMEOUT)) {
            states.timeoutChanged(entry, null);
        }
        return false;
    }

    private static Map<String, KvValue> typedObject(String jsonObject, String scope) {
        Object parsed;
        try {
            parsed = DeviceJson.parse(jsonObject.getBytes(StandardCharsets.UTF_8));
        } catch (PayloadException e) {
            throw new InvalidRequestException("attributes", "attributes is " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new InvalidRequestException("attributes", scope + " attributes must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) object;
        return ValueTyping.typed(fields);
    }

    private boolean setTyped(DeviceEntry device, Map<String, KvValue> values) {
        if (values.isEmpty()) {
            throw new InvalidRequestException("attributes", "no attribute to set (null values are dropped)");
        }
        return updateShared(device, values);
    }

    /**
     * Removes shared attributes and pushes the deletion.
     *
     * @return whether it was pushed to the device
     * @throws InvalidRequestException no key given
     */
    public boolean deleteShared(String device, String... keys) {
        if (keys.length == 0) {
            throw new InvalidRequestException("keys", "name at least one attribute key to delete");
        }
        return deleteShared(devices.require(device), List.of(keys));
    }

    /**
     * A device's attributes as ThingsBoard answers a request for them: {@code {"client":{…},"shared":{…}}}, an
     * empty section left out. A null key set is a scope not asked for; both null ask for every client and
     * shared attribute.
     *
     * @param requestId the request's id, where the format carries it (protobuf)
     */
    public static byte[] selection(DeviceEntry device, PayloadCodec codec, int requestId, RequestedKeys keys) {
        Set<String> clientKeys = keys.client();
        Set<String> sharedKeys = keys.shared();
        boolean all = clientKeys == null && sharedKeys == null;
        Map<String, KvValue> client = all || clientKeys != null
            ? select(device.clientAttributes().snapshot(), all ? null : clientKeys) : Map.of();
        Map<String, KvValue> shared = all || sharedKeys != null
            ? select(device.sharedAttributes().snapshot(), all ? null : sharedKeys) : Map.of();
        return codec.attributeResponse(requestId, client, shared);
    }

    /**
     * Stores shared attributes and pushes the changed ones to the device if it is registered for updates.
     *
     * @return whether they were pushed
     */
    public boolean updateShared(DeviceEntry device, Map<String, KvValue> values) {
        device.sharedAttributes().putAll(values);
        changes.changed(device.name());
        return push(device, AttributeUpdate.set(values));
    }

    /**
     * Removes shared attributes and pushes {@code {"deleted":[…]}} if the device is registered for updates.
     *
     * @return whether the deletion was pushed
     */
    boolean deleteShared(DeviceEntry device, List<String> keys) {
        device.sharedAttributes().removeAll(keys);
        changes.changed(device.name());
        return push(device, AttributeUpdate.deleted(keys));
    }

    /** To the device's session if it is registered for updates, and to each of its open HTTP polls (JSON). */
    private boolean push(DeviceEntry device, AttributeUpdate update) {
        boolean polled = false;
        List<CompletableFuture<byte[]>> waiting = polls.takeAttributePolls(device.id());
        if (!waiting.isEmpty()) {
            byte[] payload = JsonCodec.INSTANCE.attributeUpdate(update);
            for (CompletableFuture<byte[]> poll : waiting) {
                polled |= poll.complete(payload);
            }
        }
        SessionListener session = sessions.current(device.id());
        return (session != null && session.onAttributeUpdate(update)) || polled;
    }

    public static Map<String, KvValue> select(Map<String, KvValue> all, Set<String> keys) {
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
}
