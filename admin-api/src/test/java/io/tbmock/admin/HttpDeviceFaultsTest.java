package io.tbmock.admin;

import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewFault;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults biting the HTTP device API's requests (docs/faults.md): refused, rate-limited, stalled, answered late. */
class HttpDeviceFaultsTest extends RunningAdminServer {
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void device() {
        server.mock().createDevice(NewDevice.named("dev-1").credentials(token("T1")));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/api/v1/T1/" + path))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/api/v1/T1/" + path))
            .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRefusedRequestIsAnsweredAsAFailedAuthentication() throws Exception {
        server.mock().addFault(NewFault.refuseConnect("dev-1", 0x86));
        assertEquals(401, post("telemetry", "{\"a\":1}").statusCode(), "not authorized");
        server.mock().addFault(NewFault.refuseConnect("dev-1", 0x88));
        HttpResponse<String> unavailable = post("telemetry", "{\"a\":2}");
        assertEquals(500, unavailable.statusCode());
        assertEquals("", unavailable.body());
        assertEquals(200, post("telemetry", "{\"a\":3}").statusCode(), "both spent");
        assertEquals(KvValue.of(3), server.mock().latestTelemetry("dev-1").get("a"), "only the last was stored");
        List<Event> faults = server.mock().events(EventFilter.all().type(EventType.FAULT)).events();
        assertEquals(2, faults.size(), "each refusal journaled");
        assertTrue(faults.get(0).payload().contains("\"did\":\"refused POST /api/v1/T1/telemetry\""),
            faults.get(0).payload());
        assertEquals(Event.HTTP, faults.get(0).transport());
    }

    @Test
    void overTheRateLimitAnUploadIs500AndAnAttributeRequestIsNeverAnswered() throws Exception {
        server.mock().addFault(NewFault.rateLimit("dev-1", "1:60", "1:60", null));
        assertEquals(200, post("telemetry", "{\"a\":1}").statusCode());
        assertEquals(500, post("telemetry", "{\"a\":2}").statusCode(), "ThingsBoard's 500, empty");
        assertEquals(200, get("attributes", Duration.ofSeconds(5)).statusCode(), "one message allowed");
        assertThrows(HttpTimeoutException.class, () -> get("attributes", Duration.ofMillis(700)),
            "ThingsBoard drops the request's session: no answer until the request timeout's cap");
        assertEquals(KvValue.of(1), server.mock().latestTelemetry("dev-1").get("a"));
    }

    @Test
    void overTheRateLimitAClientRpcIsNeverAnswered() throws Exception {
        server.mock().addFault(NewFault.rateLimit("dev-1", "1:60", null, null).transport("HTTP"));
        assertEquals(200, post("attributes", "{\"fw\":\"v1\"}").statusCode(), "one message allowed");
        HttpRequest clientRpc = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + admin.port() + "/api/v1/T1/rpc"))
            .timeout(Duration.ofMillis(700)).POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"m\",\"params\":{}}"))
            .build();
        assertThrows(HttpTimeoutException.class, () -> http.send(clientRpc, HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, server.mock().faults().get(0).fired(), "the RPC was the one refused");
    }

    @Test
    void aFaultForOneTransportLeavesTheOtherAlone() throws Exception {
        server.mock().addFault(NewFault.refuseConnect("dev-1", 0x86).transport("MQTT"));
        assertEquals(200, post("telemetry", "{\"a\":1}").statusCode(), "an MQTT fault does not bite HTTP");
        assertEquals(0, server.mock().faults().get(0).fired());
        server.mock().clearFaults();
        server.mock().addFault(NewFault.refuseConnect("dev-1", 0x86).transport("HTTP"));
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, "T1")) {
            assertTrue(mqtt.isConnected(), "an HTTP fault does not bite MQTT");
        }
        assertEquals(401, post("telemetry", "{\"a\":2}").statusCode());
        assertEquals(KvValue.of(1), server.mock().latestTelemetry("dev-1").get("a"));
    }

    @Test
    void aStalledRequestIsHandledOnlyWhenTheStallEnds() throws Exception {
        server.mock().addFault(NewFault.stall("dev-1", 700));
        long start = System.nanoTime();
        assertEquals(200, post("telemetry", "{\"a\":1}").statusCode());
        assertTrue(System.nanoTime() - start >= 700_000_000L, "held for the stall");
        assertEquals(KvValue.of(1), server.mock().latestTelemetry("dev-1").get("a"));
    }

    @Test
    void delayedAnswersComeNoSoonerThanTheDelay() throws Exception {
        server.mock().addFault(NewFault.delayPuback("dev-1", 500));
        server.mock().addFault(NewFault.delayDownlink("dev-1", 500));
        long start = System.nanoTime();
        assertEquals(200, post("attributes", "{\"fw\":\"v1\"}").statusCode());
        assertTrue(System.nanoTime() - start >= 500_000_000L, "the upload's answer was delayed");
        start = System.nanoTime();
        assertTrue(get("attributes?clientKeys=fw", Duration.ofSeconds(5)).body().contains("v1"));
        assertTrue(System.nanoTime() - start >= 500_000_000L, "the attribute answer was delayed");
    }
}
