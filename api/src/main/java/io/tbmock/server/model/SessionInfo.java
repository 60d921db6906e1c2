package io.tbmock.server.model;

import java.util.List;

/**
 * A device's current MQTT session.
 *
 * @param connected       whether a session is open and past CONNACK
 * @param clientId        the client id the device sent, or null when not connected
 * @param connectedAt     when the session opened, epoch milliseconds, or null
 * @param protocolVersion MQTT protocol level (3 = 3.1, 4 = 3.1.1), or 0 when not connected
 * @param subscriptions   the topic filters the device subscribed to and ThingsBoard accepted, oldest first
 */
public record SessionInfo(boolean connected, String clientId, Long connectedAt, int protocolVersion,
                          List<String> subscriptions) {
    public static final SessionInfo DISCONNECTED = new SessionInfo(false, null, null, 0, List.of());

    public SessionInfo {
        subscriptions = List.copyOf(subscriptions);
    }
}
