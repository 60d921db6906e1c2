package io.tbmock.server.internal.tb;

import java.util.concurrent.CompletableFuture;

/**
 * A session of any kind (a device's, a gateway child's, a provision-only one) as a reset sees it: something to
 * close, which is finished only once its connection is gone and its DISCONNECT is journaled. Its transport then
 * tells {@link SessionRegistry#closed(ClosableSession)}.
 */
public interface ClosableSession {
    /**
     * Starts closing the session; an MQTT 5 device first gets a DISCONNECT with {@code reasonCode} (none for
     * {@link ReasonCode#NONE}), and {@code reason} goes to the journal's DISCONNECT event.
     *
     * @return completes once the connection is gone and its DISCONNECT is journaled, whoever closed it
     */
    CompletableFuture<Void> close(String reason, int reasonCode);
}
