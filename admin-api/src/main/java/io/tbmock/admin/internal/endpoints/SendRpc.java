package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiError;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.ServerRpc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/devices/{device}/rpc[?wait=false]}, body {@code {"method","params","oneway","timeoutMs"}}.
 * Two-way: 200 with the reply once the device answered, or 504 TIMEOUT. One-way: 200 DELIVERED or 504.
 * {@code wait=false}: 202 QUEUED at once. The wait holds no thread: it is the RPC's own future.
 */
public final class SendRpc implements Endpoint {
    private final TbMock tb;

    public SendRpc(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        String device = request.path("device");
        ObjectNode body = request.jsonObject();
        Json.onlyFields(body, "", "method", "params", "oneway", "timeoutMs");
        String method = Json.requiredString(body, "method");
        JsonNode params = body.get("params");
        RpcRequest rpc = new RpcRequest(method, params == null ? RpcRequest.DEFAULT_PARAMS : params.toString(),
            Json.bool(body, "oneway", "oneway", false),
            Duration.ofMillis(Json.wholeNumber(body, "timeoutMs", "timeoutMs", RpcRequest.DEFAULT_TIMEOUT.toMillis())));
        String wait = request.query("wait");
        if ("false".equals(wait)) {
            ServerRpc queued = tb.submitRpc(device, rpc);
            return new ApiResponse(HttpResponseStatus.ACCEPTED,
                Json.object().put("id", queued.id()).put("status", queued.status().name())).done();
        }
        if (wait != null && !"true".equals(wait)) {
            throw ApiError.badRequest("query parameter 'wait' must be true or false");
        }
        return tb.sendRpcAsync(device, rpc).thenApply(SendRpc::outcome);
    }

    private static ApiResponse outcome(ServerRpc rpc) {
        ObjectNode json = Json.object().put("id", rpc.id()).put("status", rpc.status().name());
        switch (rpc.status()) {
            case SUCCESSFUL:
                json.set("response", rpc.response() == null ? json.nullNode() : Json.tryParse(rpc.response()));
                return ApiResponse.ok(json);
            case DELIVERED:
                return ApiResponse.ok(json);
            default:
                if (rpc.error() != null) {
                    json.put("error", rpc.error());
                }
                return new ApiResponse(HttpResponseStatus.GATEWAY_TIMEOUT, json);
        }
    }
}
