package io.tbmock.server.model;

import java.util.List;

/**
 * A device's current session: an MQTT connection (HTTP requests are not sessions: each stands alone, as in
 * ThingsBoard, and never counts as connected).
 *
 * @param connected       whether a session is open and past CONNACK
 * @param clientId        the client id the device sent, or null when not connected
 * @param connectedAt     when the session opened, epoch milliseconds, or null
 * @param protocolVersion MQTT protocol level (3 = 3.1, 4 = 3.1.1), or 0 when not connected
 * @param subscriptions   the topic filters the device subscribed to and ThingsBoard accepted, oldest first
 * @param transport       the transport the session came by ({@link Event#MQTT}), or null when not connected
 */
public record SessionInfo(boolean connected, String clientId, Long connectedAt, int protocolVersion,
                          List<String> subscriptions, String transport) {
    public static final SessionInfo DISCONNECTED = new SessionInfo(false, null, null, 0, List.of(), null);

    /** A session as it was described before devices could speak HTTP: MQTT's when connected. */
    public SessionInfo(boolean connected, String clientId, Long connectedAt, int protocolVersion,
                       List<String> subscriptions) {
        this(connected, clientId, connectedAt, protocolVersion, subscriptions, connected ? Event.MQTT : null);
    }

    public SessionInfo {
        subscriptions = List.copyOf(subscriptions);
    }
}
