package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.OtaFaults;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/devices/{device}/ota}, body {@code {"packageId":"…","faults":{"corruptChunk":3,
 * "dropAfterChunk":5,"chunkDelayMs":200}}} ({@code faults} optional): assigns the package; 200
 * {@code {"packageId","type","pushed"}}, {@code pushed} telling whether the device was subscribed to hear it.
 */
public final class AssignOtaPackage implements Endpoint {
    private final TbMock tb;

    public AssignOtaPackage(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        Json.onlyFields(body, "", "packageId", "faults");
        String packageId = Json.requiredString(body, "packageId");
        OtaFaults faults = faults(Json.object(body, "faults", "faults"));
        boolean pushed = tb.assignOtaPackage(request.path("device"), packageId, faults);
        return ApiResponse.ok(Json.object().put("packageId", packageId)
            .put("type", tb.otaPackage(packageId).type().name()).put("pushed", pushed)).done();
    }

    private static OtaFaults faults(ObjectNode json) {
        if (json == null) {
            return OtaFaults.NONE;
        }
        Json.onlyFields(json, "faults", "corruptChunk", "dropAfterChunk", "chunkDelayMs");
        return new OtaFaults(Json.integer(json, "corruptChunk", "faults.corruptChunk"),
            Json.integer(json, "dropAfterChunk", "faults.dropAfterChunk"),
            Duration.ofMillis(Json.wholeNumber(json, "chunkDelayMs", "faults.chunkDelayMs", 0)));
    }
}
