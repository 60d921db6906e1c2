package io.tbmock.admin.internal;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A method and a path pattern such as {@code /admin/devices/{device}}, bound to its endpoint. The pattern is split
 * into segments once: every request is matched against every route, so matching must cost little.
 */
public final class Route {
    private final HttpMethod method;
    private final String pattern;
    private final Endpoint endpoint;
    private final String[] segments;

    public Route(HttpMethod method, String pattern, Endpoint endpoint) {
        this.method = method;
        this.pattern = pattern;
        this.endpoint = endpoint;
        this.segments = segments(pattern);
    }

    public HttpMethod method() {
        return method;
    }

    public String pattern() {
        return pattern;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public String toString() {
        return method + " " + pattern;
    }

    /** A raw path's segments, split once per request for {@link #match(String[])}. */
    static String[] segments(String path) {
        return path.split("/", -1);
    }

    /**
     * The path parameters if the raw (still percent-encoded) path's segments fit the pattern, else null. Each
     * parameter is decoded on its own, so a name with a slash, sent as {@code %2F}, is one segment.
     */
    Map<String, String> match(String[] got) {
        if (segments.length != got.length) {
            return null;
        }
        for (int i = 0; i < segments.length; i++) { // literal segments first: most routes fail on one cheaply
            if (!isParameter(segments[i]) && !segments[i].equals(got[i])) {
                return null;
            }
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < segments.length; i++) {
            if (isParameter(segments[i])) {
                if (got[i].isEmpty()) {
                    return null;
                }
                params.put(segments[i].substring(1, segments[i].length() - 1), decode(got[i]));
            }
        }
        return params;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    /** @throws ApiError 400, the segment's percent-encoding is broken ({@code %zz}, a lone {@code %}) */
    private static String decode(String segment) {
        try {
            // A '+' in a path is a plus, not a space.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException broken) {
            String shown = segment.length() > 100 ? segment.substring(0, 100) + "…" : segment;
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "the path segment '" + shown
                + "' is not valid percent-encoding: write a '%' as %25");
        }
    }
}
