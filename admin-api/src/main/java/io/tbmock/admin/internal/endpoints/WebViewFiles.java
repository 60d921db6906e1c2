package io.tbmock.admin.internal.endpoints;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.server.NotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code GET /admin/ui/} and {@code GET /admin/ui/{file}}: the web view, three static files of our own from the
 * jar (no build step, no CDN). They hold no data: what the page shows it asks the admin API for, with the admin
 * token when one is set. The page may load only itself: no script or style from anywhere else, none inline.
 */
public final class WebViewFiles implements Endpoint {
    /** Where the web view is served. */
    public static final String PATH = "/admin/ui/";
    private static final String DIRECTORY = "/io/tbmock/admin/ui/";
    private static final Map<String, String> TYPES = Map.of(
        "index.html", "text/html; charset=utf-8",
        "app.js", "text/javascript; charset=utf-8",
        "app.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final Map<String, String> files;

    public WebViewFiles() {
        files = TYPES.keySet().stream().collect(Collectors.toUnmodifiableMap(name -> name, WebViewFiles::read));
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        String name = request.path("file") == null ? "index.html" : request.path("file");
        String file = files.get(name);
        if (file == null) {
            throw new NotFoundException("the web view has no file '" + name + "'");
        }
        return ApiResponse.text(TYPES.get(name), file)
            .withHeader(HttpHeaderNames.CONTENT_SECURITY_POLICY, POLICY)
            .withHeader("X-Content-Type-Options", "nosniff")
            .withHeader(HttpHeaderNames.CACHE_CONTROL, "no-cache").done();
    }

    private static String read(String name) {
        try (InputStream in = WebViewFiles.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the web view's " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
