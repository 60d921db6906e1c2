package io.tbmock.server.internal.state;

import io.tbmock.server.model.KvValue;

import java.util.LinkedHashMap;
import java.util.Map;

/** One scope (client or shared) of one device's attributes, in the order keys were first set. */
public final class AttributeStore {
    // Guarded by this.
    private final Map<String, KvValue> values = new LinkedHashMap<>();

    public synchronized void putAll(Map<String, KvValue> update) {
        values.putAll(update);
    }

    public synchronized void removeAll(Iterable<String> keys) {
        keys.forEach(values::remove);
    }

    public synchronized Map<String, KvValue> snapshot() {
        return new LinkedHashMap<>(values);
    }

    public synchronized void clear() {
        values.clear();
    }
}
