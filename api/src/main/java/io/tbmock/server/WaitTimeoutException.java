package io.tbmock.server;

/**
 * A wait ended without the expected event. The message says what was expected and what arrived instead
 * (the tail of the event journal), because that message is what a user reads when a device test fails.
 */
public class WaitTimeoutException extends TbMockException {
    private static final long serialVersionUID = 1L;

    public WaitTimeoutException(String message) {
        super(message);
    }
}
