package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The admin API as a test script calls it: plain HTTP with JSON. */
final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A response: status code, JSON body (null when there is none) and headers. */
    record Reply(int status, JsonNode body, HttpHeaders headers) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;

    AdminClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    CompletableFuture<Reply> getAsync(String path) {
        return http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).thenApply(AdminClient::reply);
    }

    CompletableFuture<Reply> postAsync(String path, String json) {
        return http.sendAsync(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString())
            .thenApply(AdminClient::reply);
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST of raw bytes, as {@code curl --data-binary @file} sends a firmware image. */
    Reply post(String path, byte[] bytes) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    Reply post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    Reply send(String method, String path, String body) throws IOException, InterruptedException {
        return send(request(path).method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Reply reply(HttpResponse<String> response) {
        try {
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), body, response.headers());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
