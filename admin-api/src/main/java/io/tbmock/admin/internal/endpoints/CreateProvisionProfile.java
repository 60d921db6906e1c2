package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/provision-profiles}, body {@code {"name","provisionDeviceKey","provisionDeviceSecret",
 * "strategy"}} (strategy optional: {@code ALLOW_CREATE_NEW_DEVICES}); 201 with the profile.
 */
public final class CreateProvisionProfile implements Endpoint {
    private final TbMock tb;

    public CreateProvisionProfile(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        Json.onlyFields(body, "", "name", "provisionDeviceKey", "provisionDeviceSecret", "strategy");
        String strategy = Json.string(body, "strategy", "strategy");
        ProvisionProfile profile = new ProvisionProfile(Json.requiredString(body, "name"),
            Json.requiredString(body, "provisionDeviceKey"), Json.requiredString(body, "provisionDeviceSecret"),
            strategy == null ? ProvisionStrategy.ALLOW_CREATE_NEW_DEVICES
                : Json.enumValue(ProvisionStrategy.class, strategy, "strategy"));
        return ApiResponse.created(JsonViews.provisionProfile(tb.createProvisionProfile(profile))).done();
    }
}
