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
 * @param transport only events of exchanges over this transport ({@link Event#MQTT}, {@link Event#HTTP}), or
 *                  all when null
 */
public record EventFilter(String device, Set<EventType> types, long after, int limit, String transport) {
    public static final int DEFAULT_LIMIT = 1000;

    /** A filter of every transport, as filters were before devices could speak HTTP. */
    public EventFilter(String device, Set<EventType> types, long after, int limit) {
        this(device, types, after, limit, null);
    }

    public EventFilter {
        types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    public static EventFilter all() {
        return new EventFilter(null, Set.of(), 0, DEFAULT_LIMIT, null);
    }

    public EventFilter device(String device) {
        return new EventFilter(device, types, after, limit, transport);
    }

    public EventFilter type(EventType... types) {
        return new EventFilter(device, Set.of(types), after, limit, transport);
    }

    public EventFilter after(long seq) {
        return new EventFilter(device, types, seq, limit, transport);
    }

    public EventFilter limit(int limit) {
        return new EventFilter(device, types, after, limit, transport);
    }

    /** Only exchanges over this transport ({@link Event#MQTT}, {@link Event#HTTP}); null for all. */
    public EventFilter transport(String transport) {
        return new EventFilter(device, types, after, limit, transport);
    }

    public boolean matches(Event event) {
        return event.seq() > after
            && (device == null || device.equals(event.device()))
            && (types.isEmpty() || types.contains(event.type()))
            && (transport == null || transport.equals(event.transport()));
    }

    @Override
    public String toString() {
        return "events" + (device == null ? "" : " of " + device) + (types.isEmpty() ? "" : " of type " + types)
            + (transport == null ? "" : " over " + transport) + (after == 0 ? "" : " after #" + after);
    }
}
