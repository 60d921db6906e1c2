package io.tbmock.server.model;

import java.util.Map;

/** A device's attributes: client-side (sent by the device) and shared (set by the server side). */
public record DeviceAttributes(Map<String, KvValue> client, Map<String, KvValue> shared) {
    public DeviceAttributes {
        client = Map.copyOf(client);
        shared = Map.copyOf(shared);
    }
}
