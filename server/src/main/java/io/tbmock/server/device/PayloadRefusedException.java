package io.tbmock.server.device;

/**
 * A payload ThingsBoard refuses. {@link #unparsable()} tells a payload its JSON parser refuses (not JSON, or
 * not the object or array asked for: Gson's JsonParseException, whose message ThingsBoard's HTTP API writes as
 * the answer's body) from one it fails on later (a field of the wrong kind: an answer without a body).
 */
public final class PayloadRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unparsable;

    public PayloadRefusedException(String message, boolean unparsable) {
        super(message, null, false, false);
        this.unparsable = unparsable;
    }

    public boolean unparsable() {
        return unparsable;
    }
}
