package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.tb.DeviceContext;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.model.EventType;

/**
 * What the transport does after a device PUBLISH was handled. A rule may also answer that the payload is
 * invalid or that ThingsBoard fails on it; {@link UplinkProcessor} turns those into one of the three actions
 * the transport knows, by protocol version and QoS (docs/thingsboard-mqtt.md §4.3).
 *
 * @param reasonCode the PUBACK's reason code for {@link Action#ACK}, the DISCONNECT's for {@link Action#CLOSE},
 *                   both for {@link Action#ACK_AND_CLOSE} (on the wire for MQTT 5 only)
 */
public record UplinkResult(Action action, int reasonCode, String reason) {
    public enum Action {
        /** PUBACK when the publish had a packet id (QoS 1 and 2). */
        ACK,
        /** Nothing: no PUBACK, connection kept. */
        NO_ACK,
        /** Close the connection without a PUBACK. */
        CLOSE,
        /** PUBACK with the reason code (when the publish had a packet id), then close with it. */
        ACK_AND_CLOSE,
        /** The payload is invalid (ThingsBoard's AdaptorException); resolved by {@link UplinkProcessor}. */
        INVALID,
        /** ThingsBoard fails on the payload with an error that escapes its adaptor; resolved by {@link UplinkProcessor}. */
        FAILED
    }

    static final UplinkResult ACK = new UplinkResult(Action.ACK, ReasonCode.SUCCESS, null);
    static final UplinkResult NO_ACK = new UplinkResult(Action.NO_ACK, ReasonCode.NONE, null);

    static UplinkResult ack(int reasonCode) {
        return new UplinkResult(Action.ACK, reasonCode, null);
    }

    static UplinkResult close(String reason, int reasonCode) {
        return new UplinkResult(Action.CLOSE, reasonCode, reason);
    }

    static UplinkResult ackAndClose(String reason, int reasonCode) {
        return new UplinkResult(Action.ACK_AND_CLOSE, reasonCode, reason);
    }

    /**
     * ThingsBoard's answer to a payload its adaptor rejects (docs/thingsboard-mqtt.md §4.3), with the reason the journal shows:
     * MQTT 3.x closes without a PUBACK; MQTT 5 answers PUBACK 0x99 and keeps the session, or, for a QoS 0
     * publish, which has no PUBACK, sends DISCONNECT 0x99.
     *
     * @param what what was invalid, for the reason
     */
    public static UplinkResult invalidPayload(boolean mqtt5, int qos, String what) {
        return invalidPayload(mqtt5, false, qos, what);
    }

    /**
     * {@link #invalidPayload(boolean, int, String)} for a device whose profile sets
     * {@code sendAckOnValidationException} ({@code ackInvalid}): an MQTT 3.x publish with a packet id is then
     * acknowledged and the session kept.
     */
    public static UplinkResult invalidPayload(boolean mqtt5, boolean ackInvalid, int qos, String what) {
        if (!mqtt5 && ackInvalid && qos > 0) {
            return new UplinkResult(Action.ACK, ReasonCode.PAYLOAD_FORMAT_INVALID, what
                + "; the profile's sendAckOnValidationException is set: ThingsBoard acknowledges and keeps the session");
        }
        if (!mqtt5) {
            return close(what + "; ThingsBoard closes the connection without a PUBACK", ReasonCode.NONE);
        }
        if (qos > 0) {
            return new UplinkResult(Action.ACK, ReasonCode.PAYLOAD_FORMAT_INVALID,
                what + "; ThingsBoard answers PUBACK 0x99 (payload format invalid) and keeps the session");
        }
        return close(what + "; ThingsBoard closes the connection (QoS 0, so DISCONNECT 0x99 instead of a PUBACK)",
            ReasonCode.PAYLOAD_FORMAT_INVALID);
    }

    /** Records the publish it answers as REJECTED, with {@code reason}; returns this answer. */
    UplinkResult journaled(Exchanges exchanges, DeviceContext session, String topic, byte[] payload, String reason) {
        exchanges.received(session, EventType.REJECTED, topic, payload, reason);
        return this;
    }

    /** The payload is refused: invalid, or failed on, as the exception says. */
    static UplinkResult refused(PayloadException problem) {
        return new UplinkResult(problem.escapes() ? Action.FAILED : Action.INVALID, ReasonCode.NONE, problem.getMessage());
    }
}
