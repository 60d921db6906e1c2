package io.tbmock.admin.internal.tbrest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Json;

/**
 * An error answered as ThingsBoard answers it (docs/thingsboard-rest.md §10): most endpoints write its JSON error
 * object {@code {"status","message","errorCode","timestamp"}}; the telemetry and RPC endpoints write plain text
 * or no body at all.
 */
public final class TbError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** ThingsboardErrorCode's numbers. */
    public static final int GENERAL = 2;
    static final int AUTHENTICATION = 10;
    static final int JWT_TOKEN_EXPIRED = 11;
    static final int PERMISSION_DENIED = 20;
    public static final int BAD_REQUEST_PARAMS = 31;
    static final int ITEM_NOT_FOUND = 32;
    static final int VERSION_CONFLICT = 35;

    private enum Body { JSON, TEXT, EMPTY }

    private final transient HttpResponseStatus status;
    private final int errorCode;
    private final Body body;

    private TbError(HttpResponseStatus status, int errorCode, Body body, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.body = body;
    }

    public static TbError json(HttpResponseStatus status, int errorCode, String message) {
        return new TbError(status, errorCode, Body.JSON, message);
    }

    public static TbError badRequest(String message) {
        return json(HttpResponseStatus.BAD_REQUEST, BAD_REQUEST_PARAMS, message);
    }

    static TbError notFound(String message) {
        return json(HttpResponseStatus.NOT_FOUND, ITEM_NOT_FOUND, message);
    }

    static TbError forbidden() {
        return json(HttpResponseStatus.FORBIDDEN, PERMISSION_DENIED, "You don't have permission to perform this operation!");
    }

    /** The telemetry and RPC endpoints' form: a plain-text body. */
    public static TbError text(HttpResponseStatus status, String message) {
        return new TbError(status, 0, Body.TEXT, message);
    }

    /** The RPC endpoints' timeouts and refusals: no body. */
    public static TbError empty(HttpResponseStatus status) {
        return new TbError(status, 0, Body.EMPTY, status.reasonPhrase());
    }

    HttpResponseStatus status() {
        return status;
    }

    public ApiResponse response() {
        switch (body) {
            case TEXT:
                return new ApiResponse(status, null, getMessage(), "text/plain;charset=UTF-8");
            case EMPTY:
                return new ApiResponse(status, null);
            default:
                return new ApiResponse(status, Json.object().put("status", status.code()).put("message", getMessage())
                    .put("errorCode", errorCode).put("timestamp", System.currentTimeMillis()));
        }
    }
}
