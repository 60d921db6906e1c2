package io.tbmock.server.internal.tb;

/**
 * A device payload ThingsBoard refuses. Either its adaptor rejects it (an AdaptorException: a validation
 * error), or ThingsBoard fails on it with an unchecked error its adaptor lets escape ({@link #escapes()}):
 * over MQTT 3.x both close the connection without a PUBACK; over MQTT 5 they differ (docs/thingsboard-mqtt.md §4.3).
 */
public final class PayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean escapes;
    private final boolean unparsable;

    public PayloadException(String message) {
        this(message, false, false);
    }

    private PayloadException(String message, boolean escapes, boolean unparsable) {
        super(message);
        this.escapes = escapes;
        this.unparsable = unparsable;
    }

    /** A payload ThingsBoard fails on with an unchecked error (a NumberFormatException, an NPE, …). */
    public static PayloadException escaping(String message) {
        return new PayloadException(message, true, false);
    }

    /**
     * A payload ThingsBoard's JSON parser refuses: not JSON, or not the object or array asked for (Gson's
     * JsonParseException, "Can't parse value"). Over HTTP its message is the answer's body.
     */
    public static PayloadException unparsable(String message) {
        return new PayloadException(message, false, true);
    }

    public boolean escapes() {
        return escapes;
    }

    public boolean unparsable() {
        return unparsable;
    }

    /** The same problem where ThingsBoard's adaptor catches every runtime error: a validation error. */
    public PayloadException caught() {
        return escapes ? new PayloadException(getMessage(), false, unparsable) : this;
    }
}
