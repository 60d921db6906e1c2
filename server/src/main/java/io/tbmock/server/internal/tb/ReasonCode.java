package io.tbmock.server.internal.tb;

/**
 * The MQTT 5 reason codes ThingsBoard puts in PUBACK, SUBACK, UNSUBACK and DISCONNECT (docs/thingsboard-mqtt.md §13), with the
 * values of the MQTT 5 specification. They go on the wire only to MQTT 5 sessions (docs/thingsboard-mqtt.md §1.5).
 */
public final class ReasonCode {
    /** Not a reason code: the connection closes without a DISCONNECT, as a network fault would. */
    public static final int NONE = -1;

    public static final int SUCCESS = 0x00;
    public static final int NO_SUBSCRIPTION_EXISTED = 0x11;
    public static final int UNSPECIFIED_ERROR = 0x80;
    public static final int MALFORMED_PACKET = 0x81;
    public static final int PROTOCOL_ERROR = 0x82;
    public static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    public static final int SERVER_SHUTTING_DOWN = 0x8B;
    public static final int SESSION_TAKEN_OVER = 0x8E;
    public static final int TOPIC_FILTER_INVALID = 0x8F;
    public static final int TOPIC_NAME_INVALID = 0x90;
    public static final int MESSAGE_RATE_TOO_HIGH = 0x96;
    public static final int QUOTA_EXCEEDED = 0x97;
    public static final int ADMINISTRATIVE_ACTION = 0x98;
    public static final int PAYLOAD_FORMAT_INVALID = 0x99;
    public static final int CONNECTION_RATE_EXCEEDED = 0x9F;

    private ReasonCode() {
    }

    /** As the journal shows a code: unsigned hex, {@code 0x8E}. */
    public static String hex(int code) {
        return String.format("0x%02X", code & 0xFF);
    }
}
