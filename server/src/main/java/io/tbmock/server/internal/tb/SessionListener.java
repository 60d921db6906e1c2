package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.model.SessionInfo;

/**
 * A device's session on a transport that keeps one (an MQTT connection; a gateway's child on it), as the core
 * sees it: ThingsBoard's SessionMsgListener. The core tells it what to send as typed messages; whether the
 * device is registered for them, and how they travel (topics, QoS, delivery), is the transport's business.
 */
public interface SessionListener extends DeviceContext, ClosableSession {
    /** Past its handshake and not closing: the device counts as connected, and may be sent messages. */
    boolean isOpen();

    /** Its connection is gone and its DISCONNECT journaled: what {@link #close} returns is complete. */
    boolean isClosed();

    SessionInfo info();

    /**
     * A change of the device's shared attributes.
     *
     * @return whether it was sent: the session is registered for attribute updates
     */
    boolean onAttributeUpdate(AttributeUpdate update);

    /**
     * A server-side RPC to deliver if the session is registered for RPC; the transport moves the record's
     * status as it is written and acknowledged, and fails it if it cannot be sent.
     */
    void onServerRpc(ServerRpcRecord rpc);

    /** The device was renamed while the session is open: a transport that knows it by name learns the new one. */
    void onRenamed(String newName);

    /**
     * Stops reading and writing the session's connection for {@code ms} (a STALL fault, docs/faults.md): what it is
     * sent meanwhile waits, what the device sends is not read. {@code begun} runs once the stall holds.
     *
     * @return false where the transport keeps no connection to stall
     */
    default boolean stall(long ms, Runnable begun) {
        return false;
    }

    /**
     * Throttles the session's connection to {@code bytesPerSecond} each way, or lifts the throttle with 0 (a
     * BANDWIDTH fault).
     *
     * @return false where the transport keeps no connection to throttle
     */
    default boolean throttle(long bytesPerSecond) {
        return false;
    }
}
