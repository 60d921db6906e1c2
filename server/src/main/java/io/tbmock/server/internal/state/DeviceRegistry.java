package io.tbmock.server.internal.state;

import io.tbmock.server.ConflictException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.model.DeviceCredentials;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Devices by name, id and credentials id. Reads are lock-free (the MQTT path looks credentials up on
 * every CONNECT); changes are serialised so a name or credential can never be taken twice.
 */
public final class DeviceRegistry {
    private final Map<String, DeviceEntry> byName = new ConcurrentHashMap<>();
    private final Map<String, DeviceEntry> byId = new ConcurrentHashMap<>();
    private final Map<String, DeviceEntry> byCredentialsId = new ConcurrentHashMap<>();
    // Guarded by this: creation order (which devices in the same millisecond share), by id.
    private final Map<String, DeviceEntry> inCreationOrder = new LinkedHashMap<>();

    /**
     * A new device id: a UUID, safe as an MQTT topic level and as the engine's client id. Moquette picks a
     * session thread by {@code Math.abs(clientId.hashCode())}, which is negative for MIN_VALUE: never use it.
     */
    public static String newDeviceId() {
        String id;
        do {
            id = UUID.randomUUID().toString();
        } while (id.hashCode() == Integer.MIN_VALUE);
        return id;
    }

    /** @throws ConflictException the name or the credentials are already taken */
    public synchronized void add(DeviceEntry device) {
        if (byName.containsKey(device.name())) {
            throw new ConflictException("a device named '" + device.name() + "' already exists");
        }
        DeviceEntry holder = byCredentialsId.get(device.credentialsId());
        if (holder != null) {
            throw new ConflictException("these credentials are already used by device '" + holder.name() + "'");
        }
        byName.put(device.name(), device);
        byId.put(device.id(), device);
        byCredentialsId.put(device.credentialsId(), device);
        inCreationOrder.put(device.id(), device);
    }

    /** @throws NotFoundException no device has that name */
    public DeviceEntry require(String name) {
        DeviceEntry device = name == null ? null : byName.get(name);
        if (device == null) {
            throw new NotFoundException("no device named '" + name + "'");
        }
        return device;
    }

    /** @throws NotFoundException no device has that id */
    public DeviceEntry requireById(String id) {
        DeviceEntry device = id == null ? null : byId.get(id);
        if (device == null) {
            throw new NotFoundException("no device has the id '" + id + "'");
        }
        return device;
    }

    /**
     * Gives the device other credentials.
     *
     * @throws ConflictException another device holds credentials with that id
     */
    public synchronized void replaceCredentials(DeviceEntry device, DeviceCredentials credentials, String credentialsId) {
        DeviceEntry holder = byCredentialsId.get(credentialsId);
        if (holder != null && holder != device) {
            throw new ConflictException("these credentials are already used by device '" + holder.name() + "'");
        }
        if (byName.get(device.name()) != device) {
            throw new NotFoundException("no device named '" + device.name() + "'");
        }
        byCredentialsId.remove(device.credentialsId());
        byCredentialsId.put(credentialsId, device);
        device.credentials(credentials, credentialsId);
    }

    /**
     * Gives the device another name; its id, credentials and everything recorded stay.
     *
     * @throws ConflictException another device has that name
     * @throws NotFoundException the device was deleted
     */
    public synchronized void rename(DeviceEntry device, String newName) {
        DeviceEntry holder = byName.get(newName);
        if (holder != null && holder != device) {
            throw new ConflictException("a device named '" + newName + "' already exists");
        }
        if (byId.get(device.id()) != device) {
            throw new NotFoundException("no device has the id '" + device.id() + "'");
        }
        byName.remove(device.name());
        byName.put(newName, device);
        device.name(newName);
    }

    /** The device with this name, or null. */
    public DeviceEntry byName(String name) {
        return byName.get(name);
    }

    /** The device whose credentials have this id, or null. */
    public DeviceEntry byCredentialsId(String credentialsId) {
        return byCredentialsId.get(credentialsId);
    }

    /** @throws NotFoundException no device has that name */
    public synchronized DeviceEntry remove(String name) {
        DeviceEntry device = require(name);
        byName.remove(name);
        byId.remove(device.id());
        byCredentialsId.remove(device.credentialsId());
        inCreationOrder.remove(device.id());
        device.markRemoved();
        return device;
    }

    /** Every device in no order, as a live view: for a pass over a fleet that needs no copy of it. */
    public Collection<DeviceEntry> unordered() {
        return Collections.unmodifiableCollection(byId.values());
    }

    /** Every device, oldest first. */
    public synchronized List<DeviceEntry> all() {
        return new ArrayList<>(inCreationOrder.values());
    }

    public synchronized void clear() {
        inCreationOrder.values().forEach(DeviceEntry::markRemoved);
        byName.clear();
        byId.clear();
        byCredentialsId.clear();
        inCreationOrder.clear();
    }
}
