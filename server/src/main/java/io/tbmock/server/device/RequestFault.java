package io.tbmock.server.device;

/**
 * What a fault does to one request of a device that speaks a request-response transport (HTTP; docs/faults.md).
 *
 * @param effect  what the transport does
 * @param delayMs for {@link Effect#DELAY} and {@link Effect#STALL}: how long
 * @param mqttReasonCode for {@link Effect#REFUSE}: the MQTT 5 CONNACK code of the REFUSE_CONNECT fault
 */
public record RequestFault(Effect effect, long delayMs, int mqttReasonCode) {
    public enum Effect {
        /** The request is refused as one whose authentication fails. */
        REFUSE,
        /** Nothing is read or answered for {@code delayMs}; then the request is handled. */
        STALL,
        /** The request is handled now, and answered {@code delayMs} later. */
        DELAY,
        /** Over ThingsBoard's rate limit: ThingsBoard's answer to a limited request. */
        RATE_LIMITED
    }

    /** Whether the refusal means "not authorized" (0x85, 0x86, 0x87) rather than "unavailable". */
    public boolean refusedAsUnauthorized() {
        return mqttReasonCode == 0x85 || mqttReasonCode == 0x86 || mqttReasonCode == 0x87;
    }
}
