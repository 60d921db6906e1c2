package io.tbmock.server.internal.state;

import io.tbmock.server.model.ClaimRequest;

import java.util.Optional;

/**
 * A device's claiming request. Put-if-absent, as ThingsBoard's claim cache: while a claim is open, a new
 * one changes neither the secret nor the expiry (docs/thingsboard-mqtt.md §8).
 */
public final class ClaimStore {
    private ClaimRequest current;

    /** @return whether the request was stored (false: an open claim was kept) */
    public synchronized boolean offer(ClaimRequest request) {
        if (current != null && current.requestedAt() + current.durationMs() > request.requestedAt()) {
            return false;
        }
        current = request;
        return true;
    }

    public synchronized Optional<ClaimRequest> current() {
        return Optional.ofNullable(current);
    }

    public synchronized void clear() {
        current = null;
    }
}
