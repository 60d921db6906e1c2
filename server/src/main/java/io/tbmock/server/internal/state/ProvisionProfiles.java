package io.tbmock.server.internal.state;

import io.tbmock.server.ConflictException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.model.ProvisionProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Provision profiles by name and by device key (both unique), in creation order. */
public final class ProvisionProfiles {
    // Guarded by this.
    private final Map<String, ProvisionProfile> byName = new LinkedHashMap<>();
    private final Map<String, ProvisionProfile> byKey = new LinkedHashMap<>();

    /** @throws ConflictException the name or the key is already taken */
    public synchronized void add(ProvisionProfile profile) {
        if (byName.containsKey(profile.name())) {
            throw new ConflictException("a provision profile named '" + profile.name() + "' already exists");
        }
        ProvisionProfile holder = byKey.get(profile.provisionDeviceKey());
        if (holder != null) {
            throw new ConflictException("the provision key is already used by profile '" + holder.name() + "'");
        }
        byName.put(profile.name(), profile);
        byKey.put(profile.provisionDeviceKey(), profile);
    }

    /** The profile with this device key, or null. */
    public synchronized ProvisionProfile byKey(String key) {
        return byKey.get(key);
    }

    /** @throws NotFoundException no profile has that name */
    public synchronized ProvisionProfile require(String name) {
        ProvisionProfile profile = name == null ? null : byName.get(name);
        if (profile == null) {
            throw new NotFoundException("no provision profile named '" + name + "'");
        }
        return profile;
    }

    /** @throws NotFoundException no profile has that name */
    public synchronized void remove(String name) {
        ProvisionProfile profile = require(name);
        byName.remove(name);
        byKey.remove(profile.provisionDeviceKey());
    }

    public synchronized List<ProvisionProfile> all() {
        return new ArrayList<>(byName.values());
    }

    public synchronized void clear() {
        byName.clear();
        byKey.clear();
    }
}
