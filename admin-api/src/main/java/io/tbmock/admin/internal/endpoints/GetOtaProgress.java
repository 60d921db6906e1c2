package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiError;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.OtaPackageType;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /admin/devices/{device}/ota[?state=UPDATED&type=FIRMWARE&waitMs=10000]}: the firmware and software
 * updates' progress (null where nothing is assigned). With {@code state}, first waits until the device reported
 * that {@code fw_state} (or {@code sw_state} for {@code type=SOFTWARE}), or answers 504. The wait is the core's
 * future: no thread is held while it lasts.
 */
public final class GetOtaProgress implements Endpoint {
    static final long DEFAULT_WAIT_MS = 10_000;
    static final long MAX_WAIT_MS = Duration.ofMinutes(10).toMillis();

    private final TbMock tb;

    public GetOtaProgress(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        String device = request.path("device");
        String state = request.query("state");
        String type = request.query("type");
        long waitMs = request.queryLong("waitMs", DEFAULT_WAIT_MS, 0, MAX_WAIT_MS);
        if (state != null) {
            return tb.awaitOtaStateAsync(device, type == null ? OtaPackageType.FIRMWARE
                    : Json.enumValue(OtaPackageType.class, type, "type"), state, Duration.ofMillis(waitMs))
                .thenApply(reached -> progress(device));
        }
        if (type != null || request.query("waitMs") != null) {
            throw ApiError.badRequest("'type' and 'waitMs' go with 'state', the state to wait for");
        }
        return progress(device).done();
    }

    private ApiResponse progress(String device) {
        ObjectNode json = Json.object();
        for (OtaPackageType each : OtaPackageType.values()) {
            json.set(each == OtaPackageType.FIRMWARE ? "firmware" : "software",
                tb.otaProgress(device, each).map(JsonViews::otaProgress).orElse(null));
        }
        return ApiResponse.ok(json);
    }
}
