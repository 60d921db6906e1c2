package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.DeviceProfileJson;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.TbMock;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/device-profiles}, body {@code {"name","transportType","transportConfiguration"}} with
 * ThingsBoard's transport type and configuration (docs/device-profiles.md): creates or replaces the profile; 200
 * with it as saved, defaults filled in. A bad schema is a 400 with ThingsBoard's message.
 */
public final class SaveDeviceProfile implements Endpoint {
    private final TbMock tb;

    public SaveDeviceProfile(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        Json.onlyFields(body, "", "name", "transportType", "transportConfiguration");
        String transportType = Json.string(body, "transportType", "transportType");
        ObjectNode configuration = Json.object(body, "transportConfiguration", "transportConfiguration");
        if (transportType == null && configuration != null) { // as ThingsBoard's UI sets it: the configuration's type
            transportType = Json.string(configuration, "type", "transportConfiguration.type");
        }
        return ApiResponse.ok(DeviceProfileJson.view(tb.saveDeviceProfile(DeviceProfileJson.read(
            Json.requiredString(body, "name"), transportType, configuration, true)))).done();
    }
}
