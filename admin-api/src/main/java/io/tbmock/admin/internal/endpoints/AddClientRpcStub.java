package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiError;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.ClientRpcStub;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/client-rpc/stubs}, body {@code {"method","response","device","delayMs"}}: how to answer
 * a device's client-side RPC of that method ({@code device} optional: all devices). 201 with the stub.
 */
public final class AddClientRpcStub implements Endpoint {
    private final TbMock tb;

    public AddClientRpcStub(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        Json.onlyFields(body, "", "method", "response", "device", "delayMs");
        String method = Json.requiredString(body, "method");
        JsonNode response = body.get("response");
        if (response == null) {
            throw ApiError.badRequest("'response' is required: the JSON the device is sent back");
        }
        ClientRpcStub stub = new ClientRpcStub(method, response.toString(), Json.string(body, "device", "device"),
            Duration.ofMillis(Json.wholeNumber(body, "delayMs", "delayMs", 0)));
        tb.stubClientRpc(stub);
        return ApiResponse.created(JsonViews.stub(stub)).done();
    }
}
