package io.tbmock.server.model;

/** Where a server-side RPC is (docs/admin-api.md "Server-side RPC"). */
public enum RpcStatus {
    /** Created; waiting for the device to connect and subscribe to RPC requests. */
    QUEUED,
    /** Published at QoS 1; the device has not acknowledged it yet. */
    SENT,
    /** Acknowledged by the device (QoS 1) or written to it (QoS 0). Final for a one-way RPC. */
    DELIVERED,
    /** The device replied. Final. */
    SUCCESSFUL,
    /** The timeout passed first. Final. */
    TIMEOUT,
    /** It could not be sent at all. Final. */
    FAILED;

    public boolean isFinal(boolean oneway) {
        return this == SUCCESSFUL || this == TIMEOUT || this == FAILED || (oneway && this == DELIVERED);
    }
}
