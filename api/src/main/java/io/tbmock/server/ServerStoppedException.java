package io.tbmock.server;

/**
 * The server stopped: a call made afterwards, or a wait in progress when it stopped, ends with this (the admin
 * API answers 503).
 */
public class ServerStoppedException extends TbMockException {
    private static final long serialVersionUID = 1L;

    public ServerStoppedException(String message) {
        super(message);
    }
}
