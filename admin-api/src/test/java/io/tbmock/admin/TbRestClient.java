package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * ThingsBoard's REST API as a device-test script calls it (BB's TestRestClient, the python tb-rest-client): log
 * in, then every call with {@code X-Authorization: Bearer <token>}.
 */
final class TbRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A response: status, body as text, and as JSON when it is JSON (else null). */
    record Reply(int status, String text, JsonNode json, String contentType) {
        /** The ThingsBoard error object's message. */
        String message() {
            return json.get("message").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;
    private String token;

    TbRestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Logs in as the tenant administrator, as every ThingsBoard test does first. */
    static TbRestClient loggedIn(int port) throws Exception {
        TbRestClient client = new TbRestClient(port);
        client.login("tenant@thingsboard.org", "tenant");
        return client;
    }

    Reply login(String username, String password) throws Exception {
        Reply reply = post("/api/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        token = reply.status() == 200 ? reply.json().get("token").asText() : null;
        return reply;
    }

    String token() {
        return token;
    }

    void token(String token) {
        this.token = token;
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    CompletableFuture<Reply> postAsync(String path, String json) {
        return http.sendAsync(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString())
            .thenApply(TbRestClient::reply);
    }

    Reply post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** A device made as ThingsBoard's black-box tests make one: {@code POST /api/device?accessToken=} (empty). */
    JsonNode createDevice(String name) throws Exception {
        Reply reply = post("/api/device?accessToken=", "{\"name\":\"" + name + "\",\"type\":\"DEFAULT\"}");
        if (reply.status() != 200) {
            throw new AssertionError("could not create " + name + ": " + reply);
        }
        return reply.json();
    }

    /** The access token of a device, read as the tests read it. */
    String accessToken(JsonNode device) throws Exception {
        return get("/api/device/" + device.get("id").get("id").asText() + "/credentials").json().get("credentialsId")
            .asText();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        return token == null ? request : request.header("X-Authorization", "Bearer " + token);
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Reply reply(HttpResponse<String> response) {
        return new Reply(response.statusCode(), response.body(), json(response.body()),
            response.headers().firstValue("Content-Type").orElse(null));
    }

    static JsonNode json(String text) {
        try {
            return text.isEmpty() ? null : JSON.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }
}
