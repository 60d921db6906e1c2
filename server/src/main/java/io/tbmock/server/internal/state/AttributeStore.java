package io.tbmock.server.internal.state;

import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.KvValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scope (client, shared or server) of one device's attributes, in the order keys were first set. */
public final class AttributeStore {
    // Guarded by this.
    private final Map<String, AttributeKv> values = new LinkedHashMap<>();

    public synchronized void putAll(Map<String, KvValue> update) {
        long now = System.currentTimeMillis();
        update.forEach((key, value) -> values.put(key, new AttributeKv(key, value, now)));
    }

    public synchronized void removeAll(Iterable<String> keys) {
        keys.forEach(values::remove);
    }

    public synchronized Map<String, KvValue> snapshot() {
        Map<String, KvValue> copy = new LinkedHashMap<>();
        values.forEach((key, kv) -> copy.put(key, kv.value()));
        return copy;
    }

    /** Every attribute with its last update time. */
    public synchronized List<AttributeKv> stamped() {
        return new ArrayList<>(values.values());
    }

    public synchronized void clear() {
        values.clear();
    }
}
