package io.tbmock.admin.internal.endpoints;

import io.tbmock.admin.internal.ApiError;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /admin/faults/{id}[?fired=N&waitMs=10000]}: one fault, in force or ended lately, with how often it
 * fired. With {@code fired}, first waits until it has fired that often, or answers 504. The wait is the core's
 * future: no thread is held while it lasts.
 */
public final class GetFault implements Endpoint {
    private final TbMock tb;

    public GetFault(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        String id = request.path("id");
        if (request.query("fired") == null) {
            if (request.query("waitMs") != null) {
                throw ApiError.badRequest("'waitMs' goes with 'fired', the firings to wait for");
            }
            return ApiResponse.ok(JsonViews.fault(tb.fault(id))).done();
        }
        int fired = (int) request.queryLong("fired", 1, 1, Integer.MAX_VALUE);
        long waitMs = request.queryLong("waitMs", GetOtaProgress.DEFAULT_WAIT_MS, 0, GetOtaProgress.MAX_WAIT_MS);
        return tb.awaitFaultAsync(id, fired, Duration.ofMillis(waitMs))
            .thenApply(fault -> ApiResponse.ok(JsonViews.fault(fault)));
    }
}
