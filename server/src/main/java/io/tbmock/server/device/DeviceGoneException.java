package io.tbmock.server.device;

/** The device was deleted (or the mock reset) while a transport waited for something to send it. */
public final class DeviceGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceGoneException(String message) {
        super(message, null, false, false);
    }
}
