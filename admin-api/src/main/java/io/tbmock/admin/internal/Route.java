package io.tbmock.admin.internal;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A method and a path pattern such as {@code /admin/devices/{device}}, bound to its endpoint. */
public record Route(HttpMethod method, String pattern, Endpoint endpoint) {

    /**
     * The path parameters if the raw (still percent-encoded) path fits the pattern, else null. Each parameter
     * is decoded on its own, so a name with a slash, sent as {@code %2F}, is one segment.
     */
    Map<String, String> match(String path) {
        String[] want = pattern.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (got[i].isEmpty()) {
                    return null;
                }
                params.put(want[i].substring(1, want[i].length() - 1), decode(got[i]));
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
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
