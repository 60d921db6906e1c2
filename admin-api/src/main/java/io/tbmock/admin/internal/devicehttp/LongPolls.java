package io.tbmock.admin.internal.devicehttp;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.tbrest.TbError;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.device.DeviceGoneException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The device API's held requests (docs/thingsboard-http.md §7, §13): a poll answers from the core's future, or is
 * given up by the scheduler at its timeout (408); a device deleted meanwhile is a 403; nothing outlives the
 * servlet's 5-minute cap (503). No thread waits.
 */
final class LongPolls {
    /** ThingsBoard's {@code transport.http.max_request_timeout}: the servlet's cap on any request. */
    private static final long MAX_REQUEST_TIMEOUT_MS = TbMockOptions.MAX_HTTP_REQUEST_TIMEOUT.toMillis();

    /** ThingsBoard's {@code transport.http.request_timeout}: a poll's default wait, and that of every held request. */
    private final Duration requestTimeout;
    private final ScheduledExecutorService scheduler;

    LongPolls(Duration requestTimeout, ScheduledExecutorService scheduler) {
        this.requestTimeout = requestTimeout;
        this.scheduler = scheduler;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** The {@code timeout} query parameter in ms; absent or 0 is the request timeout. */
    long timeout(ApiRequest request) {
        Long given = RequestParams.longOrNull(request, "timeout");
        return given == null || given == 0 ? requestTimeout.toMillis() : given;
    }

    /**
     * Answers from what the poll waits for; at the timeout the poll is given up and the device gets 408 (503 once
     * the servlet's cap, which no timeout exceeds, passes first); a device deleted meanwhile gets 403.
     */
    <T> CompletableFuture<ApiResponse> poll(CompletableFuture<T> waiting, long timeoutMs,
                                            Function<T, ApiResponse> answer) {
        CompletableFuture<ApiResponse> response = new CompletableFuture<>();
        waiting.whenComplete((value, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            if (cause == null) {
                response.complete(answer.apply(value));
            } else if (cause instanceof DeviceGoneException gone) {
                response.complete(TbError.text(HttpResponseStatus.FORBIDDEN, gone.getMessage()).response());
            } else if (cause instanceof CancellationException) {
                response.complete(timeoutMs > MAX_REQUEST_TIMEOUT_MS ? servletTimeout()
                    : new ApiResponse(HttpResponseStatus.REQUEST_TIMEOUT, null));
            } else {
                response.completeExceptionally(cause);
            }
        });
        long wait = Math.max(0, Math.min(timeoutMs, MAX_REQUEST_TIMEOUT_MS));
        ScheduledFuture<?> timer = scheduler.schedule(() -> waiting.cancel(false), wait, TimeUnit.MILLISECONDS);
        response.whenComplete((done, failure) -> timer.cancel(false));
        return response;
    }

    /** A request ThingsBoard never completes: the servlet's cap ends it. */
    CompletableFuture<ApiResponse> never() {
        CompletableFuture<ApiResponse> never = new CompletableFuture<>();
        scheduler.schedule(() -> never.complete(servletTimeout()), MAX_REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return never;
    }

    /** What the servlet container answers a request nobody completed within its cap. */
    private static ApiResponse servletTimeout() {
        return new ApiResponse(HttpResponseStatus.SERVICE_UNAVAILABLE, null);
    }
}
