package io.tbmock.server;

/**
 * Base of every error the Java API throws. Unchecked, so tests stay free of {@code throws} clauses; the
 * subclasses map one to one onto the admin API's status codes (400, 404, 409, 504, 503).
 */
public class TbMockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TbMockException(String message) {
        super(message);
    }

    public TbMockException(String message, Throwable cause) {
        super(message, cause);
    }
}
