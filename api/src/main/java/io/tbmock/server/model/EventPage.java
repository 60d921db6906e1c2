package io.tbmock.server.model;

import java.util.List;

/**
 * A page of journal events.
 *
 * @param events the matching events, oldest first
 * @param next   the sequence number to pass as {@code after} to read on without missing or repeating events
 */
public record EventPage(List<Event> events, long next) {
    public EventPage {
        events = List.copyOf(events);
    }
}
