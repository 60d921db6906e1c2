package io.tbmock.server.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which journal events to read: {@code EventFilter.all().device("dev-1").type(EventType.TELEMETRY).after(12)}.
 *
 * @param device only this device's events, or all when null
 * @param types  only these types, or all when empty
 * @param after  only events with a larger sequence number
 * @param limit  at most this many events
 */
public record EventFilter(String device, Set<EventType> types, long after, int limit) {
    public static final int DEFAULT_LIMIT = 1000;

    public EventFilter {
        types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    public static EventFilter all() {
        return new EventFilter(null, Set.of(), 0, DEFAULT_LIMIT);
    }

    public EventFilter device(String device) {
        return new EventFilter(device, types, after, limit);
    }

    public EventFilter type(EventType... types) {
        return new EventFilter(device, Set.of(types), after, limit);
    }

    public EventFilter after(long seq) {
        return new EventFilter(device, types, seq, limit);
    }

    public EventFilter limit(int limit) {
        return new EventFilter(device, types, after, limit);
    }

    public boolean matches(Event event) {
        return event.seq() > after
            && (device == null || device.equals(event.device()))
            && (types.isEmpty() || types.contains(event.type()));
    }

    @Override
    public String toString() {
        return "events" + (device == null ? "" : " of " + device) + (types.isEmpty() ? "" : " of type " + types)
            + (after == 0 ? "" : " after #" + after);
    }
}
