package io.tbmock.admin.internal.endpoints;

import io.tbmock.admin.internal.ApiError;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.DeviceCredentials;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/devices/{device}/credentials}: body the {@code credentials} object of a device's creation,
 * with the certificate or token given; 200 with the device. Its session is closed, as ThingsBoard closes it.
 */
public final class UpdateCredentials implements Endpoint {
    private final TbMock tb;

    public UpdateCredentials(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        DeviceCredentials credentials = CreateDevice.credentials(request.jsonObject());
        if (credentials == null) {
            throw ApiError.badRequest("'token' is required: name the device's new access token");
        }
        return ApiResponse.ok(JsonViews.device(tb.updateCredentials(request.path("device"), credentials))).done();
    }
}
