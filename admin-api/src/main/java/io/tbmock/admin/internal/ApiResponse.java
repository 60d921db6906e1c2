package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.concurrent.CompletableFuture;

/**
 * What an endpoint answers: a status and a JSON body (none for 204), or a text body of another content type
 * (the CA certificate as PEM).
 */
public record ApiResponse(HttpResponseStatus status, JsonNode body, String text, String contentType) {
    public static final ApiResponse NO_CONTENT = new ApiResponse(HttpResponseStatus.NO_CONTENT, null);

    public ApiResponse(HttpResponseStatus status, JsonNode body) {
        this(status, body, null, null);
    }

    public static ApiResponse text(String contentType, String text) {
        return new ApiResponse(HttpResponseStatus.OK, null, text, contentType);
    }

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
