package io.tbmock.server;

/** A device (or other named thing) the call refers to does not exist. */
public class NotFoundException extends TbMockException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
