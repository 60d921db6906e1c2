package io.tbmock.server.internal.tb.proto;

/** A device profile's schema ThingsBoard would refuse to save; the message is ThingsBoard's. */
public final class SchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    SchemaException(String message) {
        super(message);
    }
}
