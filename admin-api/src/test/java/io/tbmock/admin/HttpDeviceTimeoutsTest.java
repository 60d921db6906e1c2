package io.tbmock.admin;

import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ThingsBoard's HTTP timers (docs/thingsboard-http.md §13) with short settings: the request timeout answers a poll that
 * names none and a client RPC nothing answers in time with 408; a client-RPC timeout shorter than it answers
 * {@code {"error":"timeout"}} instead.
 */
class HttpDeviceTimeoutsTest {
    private static TbMockServer server;
    private static AdminServer admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(TbMockOptions.DISABLED)
            .bindAddress("127.0.0.1").httpRequestTimeout(Duration.ofMillis(500)).clientRpcTimeout(Duration.ofMillis(100))
            .build());
        admin = AdminServer.start(server, "127.0.0.1", 0);
        new AdminClient(admin.port()).post("/admin/devices", "{\"name\":\"slow\",\"credentials\":{\"token\":\"S1\"}}");
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPollWithoutATimeoutEndsAtTheRequestTimeout() throws Exception {
        HttpResponse<String> updates = send("GET", "/api/v1/S1/attributes/updates", null);
        assertEquals(408, updates.statusCode());
        assertEquals("", updates.body());
        assertEquals(408, send("GET", "/api/v1/S1/rpc?timeout=0", null).statusCode(), "0 is the default too");
    }

    @Test
    void aClientRpcIsAnsweredByTheShorterOfTheTwoTimers() throws Exception {
        HttpResponse<String> timedOut = send("POST", "/api/v1/S1/rpc", "{\"method\":\"getTime\",\"params\":{}}");
        assertEquals(200, timedOut.statusCode());
        assertEquals("{\"error\":\"timeout\"}", timedOut.body());
        new AdminClient(admin.port()).post("/admin/client-rpc/stubs",
            "{\"method\":\"slowOne\",\"response\":{\"late\":true},\"delayMs\":5000}");
        HttpResponse<String> held = send("POST", "/api/v1/S1/rpc", "{\"method\":\"slowOne\",\"params\":{}}");
        assertEquals(408, held.statusCode(), "the request's own timer fires before the stub's answer");
        assertEquals("", held.body());
    }
}
