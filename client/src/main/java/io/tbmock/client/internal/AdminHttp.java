package io.tbmock.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.ServerStoppedException;
import io.tbmock.server.TbMockException;
import io.tbmock.server.WaitTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls of the admin API (docs/admin-api.md) and its error answers turned back into the exceptions the
 * in-process handle throws, with the server's sentence as their message: 400 {@link InvalidRequestException},
 * 404 {@link NotFoundException}, 409 {@link ConflictException}, 504 {@link WaitTimeoutException}, anything
 * else a {@link TbMockException} naming the status.
 */
public final class AdminHttp {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final URI admin;
    /** The {@code Authorization} header every call carries, or null. */
    private final String authorization;

    /**
     * @param admin      the admin API's base, {@code http://host:8080/admin}
     * @param adminToken the server's admin token, or null when its API is open
     */
    public AdminHttp(HttpClient http, URI admin, String adminToken) {
        this.http = http;
        this.admin = admin;
        this.authorization = adminToken == null ? null : "Bearer " + adminToken;
    }

    /** A path segment: a device name may hold spaces and slashes. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private URI uri(String pathAndQuery) {
        return URI.create(admin + pathAndQuery);
    }

    public CompletableFuture<JsonNode> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET()).thenApply(AdminHttp::json);
    }

    public CompletableFuture<String> getText(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET()).thenApply(HttpResponse::body);
    }

    public CompletableFuture<JsonNode> post(String pathAndQuery, Object body) {
        return send(postJson(pathAndQuery, body)).thenApply(AdminHttp::json);
    }

    /** A POST whose answer the caller reads itself, error statuses included (a finished RPC's 504). */
    public CompletableFuture<HttpResponse<String>> postForAnswer(String pathAndQuery, Object body) {
        return exchange(postJson(pathAndQuery, body));
    }

    private HttpRequest.Builder postJson(String pathAndQuery, Object body) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(text(body)));
    }

    public CompletableFuture<JsonNode> postBytes(String pathAndQuery, byte[] body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))).thenApply(AdminHttp::json);
    }

    public CompletableFuture<JsonNode> delete(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).DELETE()).thenApply(AdminHttp::json);
    }

    private CompletableFuture<HttpResponse<String>> exchange(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .exceptionally(failure -> {
                throw unreachable(failure);
            });
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return exchange(request).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw error(response);
            }
            return response;
        });
    }

    /** The exception the in-process handle throws for what this error answer says. */
    public static TbMockException error(HttpResponse<String> response) {
        String message = errorSentence(response);
        switch (response.statusCode()) {
            case 400:
                return new InvalidRequestException(null, message);
            case 404:
                return new NotFoundException(message);
            case 409:
                return new ConflictException(message);
            case 504:
                return new WaitTimeoutException(message);
            case 503:
                return new ServerStoppedException(message);
            default:
                return new TbMockException("the admin API answered " + response.statusCode() + " to "
                    + response.request().method() + " " + response.request().uri() + ": " + message);
        }
    }

    private static String errorSentence(HttpResponse<String> response) {
        // Not JSON (a proxy's page, say): the body itself says most.
        return tryParse(response.body()).map(json -> json.get("error")).filter(JsonNode::isTextual)
            .map(JsonNode::asText).orElse(response.body());
    }

    /** The body as JSON, if it is JSON. */
    public static Optional<JsonNode> tryParse(String body) {
        try {
            return Optional.ofNullable(MAPPER.readTree(body));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private TbMockException unreachable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        return new TbMockException("cannot reach tbmock's admin API at " + admin + ": " + cause, cause);
    }

    static JsonNode json(HttpResponse<String> response) {
        if (response.body().isEmpty()) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new TbMockException("the admin API answered " + response.request().uri() + " with no JSON: "
                + response.body(), e);
        }
    }

    static String text(Object body) {
        if (body instanceof String json) {
            return json;
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a call's answer, its exception thrown as it is. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    static Duration atMost(Duration wanted, Duration limit) {
        return wanted.compareTo(limit) > 0 ? limit : wanted;
    }
}
