package io.tbmock.server.internal.tb;

/**
 * A device payload ThingsBoard refuses. Either its adaptor rejects it (an AdaptorException: a validation
 * error), or ThingsBoard fails on it with an unchecked error its adaptor lets escape ({@link #escapes()}):
 * over MQTT 3.x both close the connection without a PUBACK; over MQTT 5 they differ (docs/thingsboard-mqtt.md §4.3).
 */
public final class PayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean escapes;

    public PayloadException(String message) {
        this(message, false);
    }

    private PayloadException(String message, boolean escapes) {
        super(message);
        this.escapes = escapes;
    }

    /** A payload ThingsBoard fails on with an unchecked error (a NumberFormatException, an NPE, …). */
    static PayloadException escaping(String message) {
        return new PayloadException(message, true);
    }

    public boolean escapes() {
        return escapes;
    }

    /** The same problem where ThingsBoard's adaptor catches every runtime error: a validation error. */
    PayloadException caught() {
        return escapes ? new PayloadException(getMessage()) : this;
    }
}
