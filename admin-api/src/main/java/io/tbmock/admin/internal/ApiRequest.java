package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One call: path parameters, query parameters, headers and body. */
public final class ApiRequest {
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final String baseUrl;

    public ApiRequest(Map<String, String> pathParams, Map<String, List<String>> query, byte[] body) {
        this(pathParams, query, EmptyHttpHeaders.INSTANCE, body, "http://localhost");
    }

    /** @param baseUrl the scheme, host and port the caller reached the server at: {@code http://localhost:8080} */
    public ApiRequest(Map<String, String> pathParams, Map<String, List<String>> query, HttpHeaders headers,
                      byte[] body, String baseUrl) {
        this.pathParams = pathParams;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.baseUrl = baseUrl;
    }

    /**
     * Where the caller reached the server: the scheme it spoke and the host and port of its {@code Host} header
     * ({@code http://localhost:8080}), for answers that name the server (the OpenAPI document, ThingsBoard's
     * device connectivity commands).
     */
    public String baseUrl() {
        return baseUrl;
    }

    /** A request header's value, or null. */
    public String header(CharSequence name) {
        return headers.get(name);
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** A path parameter, such as {@code device} in {@code /admin/devices/{device}}. */
    public String path(String name) {
        return pathParams.get(name);
    }

    /** An integer path parameter; anything else is a 400. */
    public int pathInt(String name) {
        String value = pathParams.get(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("'" + name + "' in the path must be an integer, was '" + value + "'");
        }
    }

    /** Every value of a query parameter, in order; empty when absent. */
    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** A query parameter's last value, or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** A comma-separated query parameter as its items (empty items dropped); empty when absent. */
    public String[] queryList(String name) {
        String value = query(name);
        if (value == null) {
            return new String[0];
        }
        return Arrays.stream(value.split(",")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /** A whole-number query parameter from {@code min} to {@code max}, or {@code fallback} when absent. */
    public long queryLong(String name, long fallback, long min, long max) {
        String value = query(name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.badRequest("query parameter '" + name + "' must be a whole number from " + min + " to " + max
            + ", was '" + value + "'");
    }

    public byte[] body() {
        return body;
    }

    /** The body as a JSON object; a missing, malformed or non-object body is a 400. */
    public ObjectNode jsonObject() {
        JsonNode node = Json.parse(body);
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest("the request body must be a JSON object");
        }
        return object;
    }

    @Override
    public String toString() {
        return pathParams + " " + query.entrySet().stream().map(Object::toString).collect(Collectors.joining("&"));
    }
}
