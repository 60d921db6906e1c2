package io.tbmock.server.device;

/**
 * A server-side RPC handed to a device that asked for one: {@code body} is what the device gets. Call
 * {@link #written()} once it is on its way to the device: ThingsBoard counts it DELIVERED then.
 */
public interface PolledRpc {
    int id();

    byte[] body();

    void written();
}
