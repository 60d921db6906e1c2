package io.tbmock.server.internal.mqtt;


/** What became of a message to a device's session. */
public enum SendResult {
    SENT(null),
    /** Not an error: nothing is sent to a session the server or the device is closing. */
    SESSION_CLOSED("the session is closed"),
    /** A QoS 0 message, which MQTT allows to lose: the connection's send buffer is full. */
    DEVICE_NOT_READING("the device is not reading: its connection's send buffer is full, and QoS 0 is not kept"),
    BACKLOG_FULL("the device has not acknowledged the " + DeviceSession.MAX_BACKLOG_MESSAGES
        + " QoS 1 messages (or " + DeviceSession.MAX_BACKLOG_BYTES / (1024 * 1024)
        + " MiB) already sent to it: the backlog a connection may hold is full"),
    ENGINE_QUEUE_FULL("the MQTT engine's queue is full");

    private final String reason;

    SendResult(String reason) {
        this.reason = reason;
    }

    /** Why it was not sent; null for {@link #SENT}. */
    public String reason() {
        return reason;
    }
}
