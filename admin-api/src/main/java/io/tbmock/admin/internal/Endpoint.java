package io.tbmock.admin.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One admin API endpoint. Runs on an HTTP event loop, so it must not block: an endpoint that waits
 * returns a future that an event completes.
 */
@FunctionalInterface
public interface Endpoint {
    CompletableFuture<ApiResponse> handle(ApiRequest request);
}
