package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.concurrent.CompletableFuture;

/** What an endpoint answers: a status and a JSON body (none for 204). */
public record ApiResponse(HttpResponseStatus status, JsonNode body) {
    public static final ApiResponse NO_CONTENT = new ApiResponse(HttpResponseStatus.NO_CONTENT, null);

    public static ApiResponse ok(JsonNode body) {
        return new ApiResponse(HttpResponseStatus.OK, body);
    }

    public static ApiResponse created(JsonNode body) {
        return new ApiResponse(HttpResponseStatus.CREATED, body);
    }

    public CompletableFuture<ApiResponse> done() {
        return CompletableFuture.completedFuture(this);
    }
}
