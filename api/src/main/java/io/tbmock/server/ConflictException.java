package io.tbmock.server;

/** The call would take a name or credential that is already taken, or the state does not allow it. */
public class ConflictException extends TbMockException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
