package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.tb.ReasonCode;

/** What the ThingsBoard rules may ask of a device's connection, without knowing it is Netty underneath. */
public interface DeviceChannel {

    /**
     * Sends a PUBLISH to the device; the transport reports its writing with {@code deliveryTag}
     * ({@link DeviceSession#written}).
     *
     * @return false when it could not be queued for the device
     */
    boolean send(long deliveryTag, String topic, int qos, byte[] payload);

    /**
     * Writes a QoS 0 PUBLISH on the connection as the engine would write it, without the hop to the engine's session
     * thread and back. Only for a message nothing else is queued ahead of in the engine, so the order the device
     * sees stays the order of sending; the transport reports its writing as for {@link #send}.
     *
     * @return false when the connection can no longer take it
     */
    boolean sendAtMostOnce(long deliveryTag, String topic, byte[] payload);

    /** Whether the connection's send buffer has room: false while the device does not read what it is sent. */
    boolean writable();

    /**
     * Closes the connection, after a DISCONNECT with {@code reasonCode} for an MQTT 5 session (none for
     * {@link ReasonCode#NONE}); {@code reason} goes to the journal's DISCONNECT event.
     */
    void close(String reason, int reasonCode);

    /**
     * Stops reading and writing the connection for {@code ms}: writes meanwhile wait (a STALL fault); {@code begun}
     * runs once the stall holds.
     */
    void stall(long ms, Runnable begun);

    /** Throttles the connection to {@code bytesPerSecond} each way; 0 lifts it (a BANDWIDTH fault). */
    void throttle(long bytesPerSecond);
}
