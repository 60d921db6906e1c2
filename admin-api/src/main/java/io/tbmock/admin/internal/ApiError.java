package io.tbmock.admin.internal;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/** An error answer of the admin API: the status and the one sentence of its JSON body. */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HttpResponseStatus status;
    private final transient HttpHeaders headers = new DefaultHttpHeaders();

    public ApiError(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The answer also carries this header (405's {@code Allow}). */
    public ApiError withHeader(CharSequence name, String value) {
        headers.set(name, value);
        return this;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(HttpResponseStatus.BAD_REQUEST, message);
    }

    public HttpResponseStatus status() {
        return status;
    }
}
