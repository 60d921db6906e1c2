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
