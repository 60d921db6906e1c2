package io.tbmock.server.internal.tb;

/** What the transport does after a device PUBLISH was handled. */
public record UplinkResult(Action action, String reason) {
    public enum Action {
        /** PUBACK when the publish had a packet id (QoS 1 and 2). */
        ACK,
        /** Nothing: no PUBACK, connection kept. */
        NO_ACK,
        /** Close the connection without a PUBACK. */
        CLOSE
    }

    static final UplinkResult ACK = new UplinkResult(Action.ACK, null);
    static final UplinkResult NO_ACK = new UplinkResult(Action.NO_ACK, null);

    static UplinkResult close(String reason) {
        return new UplinkResult(Action.CLOSE, reason);
    }
}
