package io.tbmock.server.internal.tb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open session of each device. ThingsBoard allows one session per device
 * ({@code max_concurrent_sessions_per_device = 1}): a new one displaces the old (spec §2.5).
 */
public final class SessionRegistry {
    private final Map<String, DeviceSession> byDeviceId = new ConcurrentHashMap<>();

    /** Registers the session as its device's current one; returns the session it displaced, or null. */
    public DeviceSession open(DeviceSession session) {
        return byDeviceId.put(session.device().id(), session);
    }

    /** Forgets the session if it is still its device's current one. */
    public void remove(DeviceSession session) {
        byDeviceId.remove(session.device().id(), session);
    }

    /** The device's current session, or null. */
    public DeviceSession current(String deviceId) {
        return byDeviceId.get(deviceId);
    }

    public boolean connected(String deviceId) {
        DeviceSession session = byDeviceId.get(deviceId);
        return session != null && session.isOpen();
    }

    public List<DeviceSession> all() {
        return List.copyOf(byDeviceId.values());
    }
}
