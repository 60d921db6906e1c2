package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * {@code GET /admin/health}: 200 {@code {"status":"UP",…ports,"version"}} while every listener is bound and
 * the engine works; 503 with {@code "status":"DOWN"} otherwise. {@code mqttPort} is null when plain MQTT
 * is off, {@code mqttsPort} when TLS is.
 */
public final class Health implements Endpoint {
    private final TbMockServer server;
    private final IntSupplier httpPort;

    public Health(TbMockServer server, IntSupplier httpPort) {
        this.server = server;
        this.httpPort = httpPort;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        boolean up = server.healthy();
        ObjectNode json = Json.object()
            .put("status", up ? "UP" : "DOWN")
            .put("mqttPort", server.mqttPort() == TbMockOptions.DISABLED ? null : server.mqttPort())
            .put("mqttsPort", server.mqttsPort().isPresent() ? server.mqttsPort().getAsInt() : null)
            .put("httpPort", httpPort.getAsInt())
            .put("version", TbMockServer.VERSION);
        return new ApiResponse(up ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, json).done();
    }
}
