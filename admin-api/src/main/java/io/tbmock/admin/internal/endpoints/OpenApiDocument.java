package io.tbmock.admin.internal.endpoints;

import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.server.TbMockServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /admin/openapi.json}: the admin API described for tools (clients generated from it, an API
 * explorer). Written by hand next to the route table; a test keeps the two the same. Its server is where the
 * caller reached this one (scheme, host and port), so a tool that follows it comes back here.
 */
public final class OpenApiDocument implements Endpoint {
    static final String RESOURCE = "/io/tbmock/admin/openapi.json";

    private final String document;

    public OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the admin API's jar");
            }
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@VERSION@", TbMockServer.VERSION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        return ApiResponse.text("application/json", document.replace("@BASE_URL@", request.baseUrl())).done();
    }
}
