package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.concurrent.CompletableFuture;

/**
 * What an endpoint answers: a status and a JSON body (none for 204), or a text body of another content type
 * (the CA certificate as PEM, the web view's files), with any headers of its own.
 */
public record ApiResponse(HttpResponseStatus status, JsonNode body, String text, String contentType,
                          HttpHeaders headers, byte[] bytes) {
    public static final ApiResponse NO_CONTENT = new ApiResponse(HttpResponseStatus.NO_CONTENT, null);

    public ApiResponse(HttpResponseStatus status, JsonNode body) {
        this(status, body, null, null);
    }

    public ApiResponse(HttpResponseStatus status, JsonNode body, String text, String contentType) {
        this(status, body, text, contentType, EmptyHttpHeaders.INSTANCE, null);
    }

    /** Bytes of {@code contentType} (a firmware file, a device API's raw answer). */
    public static ApiResponse bytes(HttpResponseStatus status, String contentType, byte[] bytes) {
        return new ApiResponse(status, null, null, contentType, EmptyHttpHeaders.INSTANCE, bytes);
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

    /** {@code 302 Found} to {@code location}, with no body. */
    public static ApiResponse redirect(String location) {
        return new ApiResponse(HttpResponseStatus.FOUND, null).withHeader(HttpHeaderNames.LOCATION, location);
    }

    /** The same answer with one more header. */
    public ApiResponse withHeader(CharSequence name, String value) {
        HttpHeaders more = new DefaultHttpHeaders().add(headers);
        more.set(name, value);
        return new ApiResponse(status, body, text, contentType, more, bytes);
    }

    public CompletableFuture<ApiResponse> done() {
        return CompletableFuture.completedFuture(this);
    }
}
