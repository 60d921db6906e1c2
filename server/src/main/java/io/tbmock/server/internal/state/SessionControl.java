package io.tbmock.server.internal.state;

/** What the state and rules may ask of a device's connection, without knowing it is Netty underneath. */
public interface SessionControl {

    /** Closes the connection; {@code reason} goes to the journal's DISCONNECT event and the log. */
    void close(String reason);
}
