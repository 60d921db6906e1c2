package io.tbmock.server.internal.state;

import java.util.concurrent.CompletableFuture;

/** What the state and rules may ask of a device's connection, without knowing it is Netty underneath. */
public interface SessionControl {

    /**
     * Closes the connection; {@code reason} goes to the journal's DISCONNECT event.
     *
     * @return completes once the connection is closed and its DISCONNECT is journaled
     */
    CompletableFuture<Void> close(String reason);
}
