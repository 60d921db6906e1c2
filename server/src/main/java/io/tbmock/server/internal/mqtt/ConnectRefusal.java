package io.tbmock.server.internal.mqtt;


/**
 * Why ThingsBoard refuses a CONNECT, with the CONNACK code it sends for each protocol version (docs/thingsboard-mqtt.md §2.4).
 * MQTT 3.x never gets code 4: a bad username or password is 5.
 */
public enum ConnectRefusal {
    BAD_USERNAME_OR_PASSWORD(5, 0x86),
    CLIENT_ID_NOT_VALID(2, 0x85),
    NOT_AUTHORIZED(5, 0x87),
    SERVER_UNAVAILABLE(3, 0x88);

    private final int mqtt3Code;
    private final int mqtt5Code;

    ConnectRefusal(int mqtt3Code, int mqtt5Code) {
        this.mqtt3Code = mqtt3Code;
        this.mqtt5Code = mqtt5Code;
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
