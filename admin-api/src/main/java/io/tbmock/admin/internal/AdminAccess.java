package io.tbmock.admin.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tbmock.admin.internal.endpoints.WebViewFiles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call the admin API: anyone, or only callers that present the admin token as
 * {@code Authorization: Bearer <token>}. The health check stays open, as Docker's HEALTHCHECK, Testcontainers'
 * wait strategy and orchestrators' probes call it without credentials; it tells only whether the server is up,
 * its ports and its version.
 */
public final class AdminAccess {
    private static final String HEALTH_PATH = "/admin/health";
    private static final String BEARER = "Bearer ";
    private static final AdminAccess OPEN = new AdminAccess(null);

    /** The expected header value's bytes, or null when the API is open. */
    private final byte[] expected;

    private AdminAccess(String token) {
        this.expected = token == null ? null : (BEARER + token).getBytes(StandardCharsets.UTF_8);
    }

    /** Access with {@code token} required, or open when it is null. */
    public static AdminAccess of(String token) {
        return token == null ? OPEN : new AdminAccess(checkToken(token));
    }

    /**
     * @throws IllegalArgumentException the token is empty, or holds characters other than visible ASCII (a header
     *                                  value could not carry them the same way on every client)
     */
    public static String checkToken(String token) {
        if (token.isEmpty() || !token.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("the admin token must be non-empty visible ASCII, no spaces");
        }
        return token;
    }

    /** Whether calls need the token at all. */
    boolean open() {
        return expected == null;
    }

    /** {@code /admin/ui/} or one file right under it: nothing else rides on the exemption. */
    private static boolean isWebViewFile(String path) {
        if (!path.startsWith(WebViewFiles.PATH)) {
            return false;
        }
        String file = path.substring(WebViewFiles.PATH.length());
        return file.indexOf('/') < 0 && file.indexOf('%') < 0 && !file.startsWith(".");
    }

    /** Null when {@code request} may proceed (the API is open, or it carries the token); otherwise the 401. */
    ApiError refusal(HttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).rawPath();
        // ThingsBoard's REST API (/api/…) asks for its own login, as ThingsBoard does. The web view's files hold no
        // data: the page asks for the token and sends it with the calls it makes.
        if (open() || path.equals(HEALTH_PATH) || path.equals("/api") || path.startsWith("/api/")
            || path.equals("/") || path.equals("/admin") || path.equals("/admin/") || path.equals("/admin/ui")
            || isWebViewFile(path)) {
            return null;
        }
        String given = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        // A comparison in constant time: the answer's timing says nothing of how much of a guess was right.
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        String problem = given == null ? "this tbmock's admin API needs a token: send Authorization: Bearer <token>"
            : "the admin token given is not this tbmock's";
        return new ApiError(HttpResponseStatus.UNAUTHORIZED, problem)
            .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tbmock\"");
    }
}
