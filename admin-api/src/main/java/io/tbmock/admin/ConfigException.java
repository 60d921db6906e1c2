package io.tbmock.admin;

import io.tbmock.server.TbMockException;

/** A config file tbmock cannot use; the message names the file, the line and the field. */
public final class ConfigException extends TbMockException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
