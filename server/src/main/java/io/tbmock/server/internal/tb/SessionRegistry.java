package io.tbmock.server.internal.tb;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open session of each device, whatever its transport. ThingsBoard allows one session per device
 * ({@code max_concurrent_sessions_per_device = 1}): a new one displaces the old (docs/thingsboard-mqtt.md §2.5).
 */
public final class SessionRegistry {
    private final Map<String, SessionListener> byDeviceId = new ConcurrentHashMap<>();
    /**
     * Every session until its DISCONNECT is journaled, current or not: a displaced or closing one has left
     * {@link #byDeviceId} before that, and a reset must still wait for it.
     */
    private final Set<ClosableSession> unclosed = ConcurrentHashMap.newKeySet();

    /** Registers the session as its device's current one; returns the session it displaced, or null. */
    public SessionListener open(SessionListener session) {
        track(session);
        return byDeviceId.put(session.device().id(), session);
    }

    /** Keeps the session among the {@link #unclosed()} ones until it is closed; a provision session has no device. */
    public void track(ClosableSession session) {
        unclosed.add(session);
        session.closed().thenRun(() -> unclosed.remove(session));
    }

    /**
     * Forgets the session if it is still its device's current one.
     *
     * @return whether it was: false for a session a newer one displaced
     */
    public boolean remove(SessionListener session) {
        return byDeviceId.remove(session.device().id(), session);
    }

    /** The device's current session, or null. */
    public SessionListener current(String deviceId) {
        return byDeviceId.get(deviceId);
    }

    public boolean connected(String deviceId) {
        SessionListener session = byDeviceId.get(deviceId);
        return session != null && session.isOpen();
    }

    /** Every session whose connection is not yet gone with its DISCONNECT journaled. */
    public List<ClosableSession> unclosed() {
        return List.copyOf(unclosed);
    }
}
