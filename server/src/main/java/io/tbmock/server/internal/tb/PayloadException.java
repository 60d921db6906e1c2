package io.tbmock.server.internal.tb;

/**
 * A device payload ThingsBoard would refuse (its AdaptorException/JsonSyntaxException, or an unchecked
 * error the adaptor lets escape): over MQTT 3.x either way the connection is closed without a PUBACK.
 */
public final class PayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public PayloadException(String message) {
        super(message);
    }
}
