package io.tbmock.server;

import io.tbmock.server.model.Event;

import java.time.Duration;
import java.util.List;

/**
 * A wait ended without the expected event. The message says what was expected and what arrived instead
 * (the tail of the event journal), because that message is what a user reads when a device test fails.
 */
public class WaitTimeoutException extends TbMockException {
    private static final long serialVersionUID = 1L;

    public WaitTimeoutException(String message) {
        super(message);
    }

    /**
     * The failure of a wait, as both handles word it: what was expected, then the journal's last events, those
     * of the expected device first, since they are what the reader looks for.
     *
     * @param device the device the wait was about, or null; then {@code own} is the last events of all
     * @param own    the last events of the device, oldest first
     * @param others the last events of other devices, oldest first (unused without a device)
     */
    public static WaitTimeoutException journalTail(Duration timeout, String expected, String device,
                                                   List<Event> own, List<Event> others) {
        StringBuilder message = new StringBuilder("Timed out after ").append(timeout.toMillis())
            .append(" ms waiting for ").append(expected).append(".");
        if (device != null) {
            append(message, own, "of device '" + device + "'");
            append(message, others, "of other devices");
        } else {
            append(message, own, "");
        }
        return new WaitTimeoutException(message.toString());
    }

    private static void append(StringBuilder message, List<Event> events, String whose) {
        String of = whose.isEmpty() ? "" : " " + whose;
        if (events.isEmpty()) {
            message.append(" No events").append(of).append(" were recorded.");
            return;
        }
        message.append(" Last ").append(events.size()).append(" events").append(of).append(':');
        events.forEach(event -> message.append("\n  ").append(event));
        message.append('\n');
    }
}
