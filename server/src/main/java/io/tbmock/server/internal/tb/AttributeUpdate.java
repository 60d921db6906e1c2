package io.tbmock.server.internal.tb;

import io.tbmock.server.model.KvValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change of a device's shared attributes, as the core tells a session of it (ThingsBoard's
 * AttributeUpdateNotificationMsg): values set, or keys deleted.
 */
public record AttributeUpdate(Map<String, KvValue> values, List<String> deleted) {
    public static AttributeUpdate set(Map<String, KvValue> values) {
        return new AttributeUpdate(Collections.unmodifiableMap(new LinkedHashMap<>(values)), List.of());
    }

    public static AttributeUpdate deleted(List<String> keys) {
        return new AttributeUpdate(Map.of(), List.copyOf(keys));
    }
}
