package io.tbmock.certs;

/** PEM text that is not what was expected; the message says what was found. */
public class PemException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PemException(String message) {
        super(message);
    }

    public PemException(String message, Throwable cause) {
        super(message, cause);
    }
}
