package io.tbmock.server.internal.tb;

import java.util.concurrent.CompletableFuture;

/** What the ThingsBoard rules may ask of a device's connection, without knowing it is Netty underneath. */
public interface DeviceChannel {

    /**
     * Sends a PUBLISH to the device.
     *
     * @return false when it could not be queued for the device
     */
    boolean send(String topic, int qos, byte[] payload);

    /**
     * Closes the connection; {@code reason} goes to the journal's DISCONNECT event.
     *
     * @return completes once the connection is closed and its DISCONNECT is journaled
     */
    CompletableFuture<Void> close(String reason);
}
