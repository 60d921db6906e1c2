package io.tbmock.admin.internal.devicehttp;

import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.tbrest.TbError;

/**
 * The device API's parameters bound as Spring binds ThingsBoard's controller parameters, before the controller
 * runs: a required one missing or one that is not a number is ThingsBoard's 400 JSON error (errorCode 31).
 */
final class RequestParams {
    private RequestParams() {
    }

    /** A required query parameter. */
    static String required(ApiRequest request, String name) {
        String value = request.query(name);
        if (value == null) {
            throw TbError.badRequest("Required request parameter '" + name
                + "' for method parameter type String is not present");
        }
        return value;
    }

    /** An optional whole-number query parameter; absent or empty is 0. */
    static int intOrZero(ApiRequest request, String name) {
        String value = request.query(name);
        return value == null || value.isEmpty() ? 0 : (int) number(value, "int");
    }

    /** An optional long query parameter, or null when absent. */
    static Long longOrNull(ApiRequest request, String name) {
        String value = request.query(name);
        return value == null ? null : number(value, "long");
    }

    /** The {@code {requestId}} path parameter. */
    static int requestId(ApiRequest request) {
        return (int) number(request.path("requestId"), "int");
    }

    private static long number(String value, String type) {
        try {
            return type.equals("int") ? Integer.parseInt(value) : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw TbError.badRequest("Failed to convert value of type 'java.lang.String' to required type '" + type
                + "'; For input string: \"" + value + "\"");
        }
    }
}
