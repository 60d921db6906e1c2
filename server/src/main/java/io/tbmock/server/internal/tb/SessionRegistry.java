package io.tbmock.server.internal.tb;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open session of each device, whatever its transport. ThingsBoard allows one session per device
 * ({@code max_concurrent_sessions_per_device = 1}): a new one displaces the old (docs/thingsboard-mqtt.md §2.5).
 *
 * <p>It also knows every session until its DISCONNECT is journaled, current or not, which a reset must close and
 * wait for. A session is in exactly one of two places meanwhile (at every moment, so that a reset misses none):
 * {@link #byDeviceId} while it is its device's current session, {@link #others} before and after that. A
 * session costs one map entry, not two, which an idle fleet counts.
 */
public final class SessionRegistry {
    private final Map<String, SessionListener> byDeviceId = new ConcurrentHashMap<>();
    /** Unclosed sessions that are no device's current one: displaced, closing, and provision sessions. */
    private final Set<ClosableSession> others = ConcurrentHashMap.newKeySet();

    /** Registers the session as its device's current one; returns the session it displaced, or null. */
    public SessionListener open(SessionListener session) {
        SessionListener[] displaced = new SessionListener[1];
        byDeviceId.compute(session.device().id(), (id, current) -> {
            if (current != null) {
                keepUntilClosed(current); // before it leaves the map
            }
            displaced[0] = current;
            return session;
        });
        return displaced[0];
    }

    /** Keeps a session with no device (a provision session) among the {@link #unclosed()} until it is closed. */
    public void track(ClosableSession session) {
        others.add(session);
    }

    /**
     * The session's connection is gone and its DISCONNECT journaled: a reset no longer waits for it. The transport
     * forgets it as its device's current session ({@link #remove}) before that.
     */
    public void closed(ClosableSession session) {
        others.remove(session);
    }

    /**
     * Forgets the session if it is still its device's current one; it stays unclosed until {@link #closed}.
     *
     * @return whether it was: false for a session a newer one displaced
     */
    public boolean remove(SessionListener session) {
        boolean[] wasCurrent = new boolean[1];
        byDeviceId.computeIfPresent(session.device().id(), (id, current) -> {
            if (current != session) {
                return current;
            }
            keepUntilClosed(session);
            wasCurrent[0] = true;
            return null;
        });
        return wasCurrent[0];
    }

    /** A session leaving {@link #byDeviceId}; one closed already (on another thread, just now) stays out. */
    private void keepUntilClosed(SessionListener session) {
        others.add(session);
        if (session.isClosed()) {
            others.remove(session);
        }
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
        Set<ClosableSession> all = new LinkedHashSet<>(byDeviceId.values());
        all.addAll(others); // one moving from the map may be seen in both
        return List.copyOf(all);
    }
}
