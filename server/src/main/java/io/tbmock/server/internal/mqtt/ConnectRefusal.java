package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.tb.ReasonCode;


/**
 * Why ThingsBoard refuses a CONNECT, with the CONNACK code it sends for each protocol version and the reason code of
 * the DISCONNECT that follows on MQTT 5 (docs/thingsboard-mqtt.md §2.4). MQTT 3.x never gets code 4: a bad username
 * or password is 5.
 */
public enum ConnectRefusal {
    BAD_USERNAME_OR_PASSWORD(5, 0x86, 0x86),
    CLIENT_ID_NOT_VALID(2, 0x85, 0x85),
    NOT_AUTHORIZED(5, 0x87, 0x87),
    /** The credentials matched but the session could not be opened: "server unavailable", then 0x83. */
    SERVER_UNAVAILABLE(3, 0x88, ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR),
    /**
     * Authentication failed with an error (ThingsBoard's transport service throws, as for a device profile of
     * another transport type): "server unavailable", then 0x89 server busy.
     */
    AUTHENTICATION_ERROR(3, 0x88, 0x89);

    private final int mqtt3Code;
    private final int mqtt5Code;
    private final int disconnectCode;

    ConnectRefusal(int mqtt3Code, int mqtt5Code, int disconnectCode) {
        this.mqtt3Code = mqtt3Code;
        this.mqtt5Code = mqtt5Code;
        this.disconnectCode = disconnectCode;
    }

    /** The reason code of the DISCONNECT an MQTT 5 client gets after the refused CONNACK. */
    public int disconnectCode() {
        return disconnectCode;
    }

    public int mqtt3Code() {
        return mqtt3Code;
    }

    public int mqtt5Code() {
        return mqtt5Code;
    }

    /**
     * The refusal for a CONNECT whose credentials matched no device: chosen from what the CONNECT carried,
     * not from what was wrong with it (ReturnCodeResolver).
     */
    static ConnectRefusal forUnmatched(ConnectCredentials connect) {
        if (connect.username() != null || connect.password() != null) {
            return BAD_USERNAME_OR_PASSWORD;
        }
        return connect.clientId().isBlank() ? NOT_AUTHORIZED : CLIENT_ID_NOT_VALID;
    }
}
