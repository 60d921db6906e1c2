package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ThingsBoard's HTTP device API as a device calls it over real HTTP (docs/thingsboard-http.md), with its statuses
 * and bodies, and the same device seen through MQTT and the admin API: one core behind both transports.
 */
class HttpDeviceApiTest extends RunningAdminServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private String token;

    @BeforeEach
    void device() throws Exception {
        JsonNode created = api.post("/admin/devices", "{\"name\":\"http-1\"}").body();
        token = created.at("/credentials/token").asText();
    }

    private HttpResponse<byte[]> post(String path, String body) throws Exception {
        return http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private CompletableFuture<HttpResponse<byte[]>> getAsync(String path) {
        return http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path)).timeout(TIMEOUT);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** The journal's events of a type, once there is one. */
    private JsonNode events(String type) throws Exception {
        return api.get("/admin/events?device=http-1&type=" + type + "&waitMs=10000").body().get("events");
    }

    @Test
    void telemetryInEveryShapeIsStoredTypedAndAnsweredWithAnEmpty200() throws Exception {
        HttpResponse<byte[]> lenient = post("/api/v1/" + token + "/telemetry", "{temperature:25}"); // no Content-Type
        assertEquals(200, lenient.statusCode());
        assertEquals(0, lenient.body().length);
        assertEquals(200, post("/api/v1/" + token + "/telemetry", "{\"ts\":1700000000000,\"values\":{\"n\":\"73\"}}")
            .statusCode());
        assertEquals(200, post("/api/v1/" + token + "/telemetry", "[{\"ts\":1700000000001,\"values\":{\"n\":74}},{\"b\":true}]")
            .statusCode());
        JsonNode stored = api.get("/admin/devices/http-1/telemetry").body();
        assertEquals(25, stored.at("/temperature/0/value").asInt());
        assertEquals(73, stored.at("/n/0/value").asLong(), "a numeric string is cast as ThingsBoard casts it");
        assertTrue(stored.at("/n/0/value").isIntegralNumber());
        assertEquals(1700000000001L, stored.at("/n/1/ts").asLong());
        JsonNode event = events("TELEMETRY").get(0);
        assertEquals("HTTP", event.get("transport").asText());
        assertEquals("POST /api/v1/" + token + "/telemetry", event.get("topic").asText());
        assertTrue(event.get("clientId").isNull());
    }

    @Test
    void anUnknownTokenIsA401WithNoBodyButAMissingBodyIsA400First() throws Exception {
        HttpResponse<byte[]> unknown = post("/api/v1/nope/telemetry", "{\"a\":1}");
        assertEquals(401, unknown.statusCode());
        assertEquals(0, unknown.body().length);
        HttpResponse<byte[]> noBody = post("/api/v1/nope/telemetry", "");
        assertEquals(400, noBody.statusCode());
        assertEquals(31, json(noBody).get("errorCode").asInt());
        JsonNode basic = api.post("/admin/devices", "{\"name\":\"basic\",\"credentials\":{\"type\":\"MQTT_BASIC\","
            + "\"clientId\":\"c\",\"username\":\"u\",\"password\":\"p\"}}").body();
        assertEquals(401, post("/api/v1/u/telemetry", "{\"a\":1}").statusCode(), "only access tokens: " + basic);
    }

    @Test
    void malformedPayloadsAre500sWithTheParserMessageOrNoBody() throws Exception {
        HttpResponse<byte[]> notJson = post("/api/v1/" + token + "/telemetry", "{\"a\":");
        assertEquals(500, notJson.statusCode());
        assertTrue(text(notJson).startsWith("not valid JSON"), text(notJson));
        HttpResponse<byte[]> primitive = post("/api/v1/" + token + "/telemetry", "42");
        assertEquals(500, primitive.statusCode());
        assertEquals("Can't parse value: 42", text(primitive));
        HttpResponse<byte[]> valuesNotObject = post("/api/v1/" + token + "/telemetry", "{\"ts\":1,\"values\":5}");
        assertEquals(500, valuesNotObject.statusCode());
        assertEquals(0, valuesNotObject.body().length);
        assertEquals(200, post("/api/v1/" + token + "/telemetry", "{\"kept\":1}").statusCode(), "the server goes on");
        assertEquals(1, api.get("/admin/devices/http-1/telemetry").body().size(), "nothing of the refused ones");
        assertTrue(events("REJECTED").size() >= 3);
    }

    @Test
    void attributesUpAndTheRequestWithThingsBoardsKeyRules() throws Exception {
        assertEquals(200, post("/api/v1/" + token + "/attributes", "{\"fw\":\"v1\",\"longKey\":73}").statusCode());
        api.post("/admin/devices/http-1/attributes/shared", "{\"target\":21.5,\"mode\":\"eco\"}");
        JsonNode all = json(get("/api/v1/" + token + "/attributes"));
        assertEquals("{\"client\":{\"fw\":\"v1\",\"longKey\":73},\"shared\":{\"target\":21.5,\"mode\":\"eco\"}}",
            all.toString());
        JsonNode sharedOnly = json(get("/api/v1/" + token + "/attributes?sharedKeys=mode"));
        assertEquals("{\"shared\":{\"mode\":\"eco\"}}", sharedOnly.toString());
        JsonNode repeated = json(get("/api/v1/" + token + "/attributes?sharedKeys=mode&sharedKeys=target&clientKeys="));
        assertEquals("{\"shared\":{\"mode\":\"eco\",\"target\":21.5}}", repeated.toString());
        assertEquals("{}", json(get("/api/v1/" + token + "/attributes?clientKeys=none")).toString());
        HttpResponse<byte[]> sdk = get("/api/v1/" + token + "/attributes?shared_keys=mode"); // the python SDK's names
        assertEquals(2, json(sdk).size(), "unknown parameters are ignored: everything comes back");
        assertEquals("application/json", sdk.headers().firstValue("Content-Type").orElse(null));
    }

    @Test
    void theAttributeLongPollGetsTheNextChangeFlatOrA408() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> poll = getAsync("/api/v1/" + token + "/attributes/updates?timeout=20000");
        events("SUBSCRIBE");
        assertTrue(api.post("/admin/devices/http-1/attributes/shared", "{\"target\":22}").body().get("pushed").asBoolean());
        HttpResponse<byte[]> update = poll.get(10, TimeUnit.SECONDS);
        assertEquals(200, update.statusCode());
        assertEquals("{\"target\":22}", text(update));
        long seq = api.get("/admin/stats").body().get("lastSeq").asLong();
        CompletableFuture<HttpResponse<byte[]>> deletion = getAsync("/api/v1/" + token + "/attributes/updates");
        api.get("/admin/events?device=http-1&type=SUBSCRIBE&after=" + seq + "&waitMs=10000");
        api.delete("/admin/devices/http-1/attributes/shared?keys=target");
        assertEquals("{\"deleted\":[\"target\"]}", text(deletion.get(10, TimeUnit.SECONDS)));
        HttpResponse<byte[]> expired = get("/api/v1/" + token + "/attributes/updates?timeout=50");
        assertEquals(408, expired.statusCode());
        assertEquals(0, expired.body().length);
    }

    @Test
    void aPollOfADeviceDeletedMeanwhileIsA403() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> poll = getAsync("/api/v1/" + token + "/rpc?timeout=20000");
        events("SUBSCRIBE");
        assertEquals(204, api.delete("/admin/devices/http-1").status());
        HttpResponse<byte[]> gone = poll.get(10, TimeUnit.SECONDS);
        assertEquals(403, gone.statusCode());
        assertEquals("Device was deleted!", text(gone));
    }

    @Test
    void serverRpcIsPolledWithItsIdDeliveredAndAnsweredByPost() throws Exception {
        CompletableFuture<AdminClient.Reply> call = api.postAsync("/admin/devices/http-1/rpc",
            "{\"method\":\"setGpio\",\"params\":{\"pin\":4},\"timeoutMs\":20000}");
        HttpResponse<byte[]> polled = get("/api/v1/" + token + "/rpc?timeout=10000");
        assertEquals(200, polled.statusCode());
        assertEquals("{\"id\":0,\"method\":\"setGpio\",\"params\":{\"pin\":4}}", text(polled));
        assertEquals("DELIVERED", api.get("/admin/devices/http-1/rpc/0").body().get("status").asText());
        HttpResponse<byte[]> again = get("/api/v1/" + token + "/rpc?timeout=10000");
        assertEquals(text(polled), text(again), "unanswered, it is handed out again");
        HttpResponse<byte[]> reply = post("/api/v1/" + token + "/rpc/0", "{\"pin\":4,\"value\":1}");
        assertEquals(200, reply.statusCode());
        assertEquals(0, reply.body().length);
        JsonNode done = call.get(10, TimeUnit.SECONDS).body();
        assertEquals("SUCCESSFUL", done.get("status").asText());
        assertEquals("{\"pin\":4,\"value\":1}", done.get("response").toString());
        assertEquals(200, post("/api/v1/" + token + "/rpc/7", "{}").statusCode(), "a reply nobody awaits is still 200");
        assertEquals(400, post("/api/v1/" + token + "/rpc/x", "{}").statusCode());
        assertEquals(408, get("/api/v1/" + token + "/rpc?timeout=50").statusCode());
    }

    @Test
    void anRpcSentWhileTheDeviceWaitsAnswersThePoll() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> poll = getAsync("/api/v1/" + token + "/rpc?timeout=20000");
        events("SUBSCRIBE");
        JsonNode sent = api.post("/admin/devices/http-1/rpc?wait=false",
            "{\"method\":\"reboot\",\"params\":null,\"oneway\":true}").body();
        HttpResponse<byte[]> polled = poll.get(10, TimeUnit.SECONDS);
        assertEquals("{\"id\":0,\"method\":\"reboot\",\"params\":null}", text(polled));
        assertEquals(0, sent.get("id").asInt());
        JsonNode rpc = api.get("/admin/devices/http-1/rpc/0").body();
        assertEquals("DELIVERED", rpc.get("status").asText(), "a one-way RPC is done once handed out");
    }

    @Test
    void aOneWayRpcSentAfterAPollExpiredIsLostAsThingsBoardLosesIt() throws Exception {
        assertEquals(408, get("/api/v1/" + token + "/rpc?timeout=50").statusCode());
        JsonNode oneWay = api.post("/admin/devices/http-1/rpc?wait=false",
            "{\"method\":\"blink\",\"params\":{},\"oneway\":true}").body();
        assertEquals("DELIVERED", oneWay.get("status").asText(), "handed to the poll that had ended");
        assertTrue(events("RPC_REQUEST").get(0).get("error").asText().startsWith("lost"));
        api.post("/admin/devices/http-1/rpc?wait=false", "{\"method\":\"read\",\"params\":{},\"timeoutMs\":20000}");
        assertEquals("{\"id\":1,\"method\":\"read\",\"params\":{}}", text(get("/api/v1/" + token + "/rpc?timeout=10000")),
            "a two-way RPC waits for the next poll");
    }

    @Test
    void clientRpcIsAnsweredByAStubAndRecorded() throws Exception {
        api.post("/admin/client-rpc/stubs", "{\"method\":\"getTime\",\"response\":{\"time\":42}}");
        HttpResponse<byte[]> answer = post("/api/v1/" + token + "/rpc", "{\"method\":\"getTime\",\"params\":{}}");
        assertEquals(200, answer.statusCode());
        assertEquals("{\"time\":42}", text(answer));
        JsonNode recorded = api.get("/admin/devices/http-1/client-rpc").body();
        assertEquals("getTime", recorded.at("/0/method").asText());
        assertEquals("{\"time\":42}", recorded.at("/0/response").toString());
        HttpResponse<byte[]> noParams = post("/api/v1/" + token + "/rpc", "{\"method\":\"getTime\"}");
        assertEquals(500, noParams.statusCode(), "HTTP, unlike MQTT, needs params");
        assertEquals(0, noParams.body().length);
    }

    @Test
    void aClaimIsAlways200AndRecorded() throws Exception {
        HttpResponse<byte[]> claim = post("/api/v1/" + token + "/claim", "{\"secretKey\":\"s3\",\"durationMs\":60000}");
        assertEquals(200, claim.statusCode());
        JsonNode stored = api.get("/admin/devices/http-1/claim").body();
        assertEquals("s3", stored.get("secretKey").asText());
        assertEquals(200, http.send(request("/api/v1/" + token + "/claim").POST(HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode(), "the body is optional");
    }

    @Test
    void provisioningAnswers200WithTheStatusAndA500ForWhatItCannotRead() throws Exception {
        api.post("/admin/provision-profiles", "{\"name\":\"p\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\"}");
        HttpResponse<byte[]> made = post("/api/v1/provision",
            "{\"deviceName\":\"made\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\"}");
        assertEquals(200, made.statusCode());
        JsonNode answer = json(made);
        assertEquals("SUCCESS", answer.get("status").asText());
        assertEquals("ACCESS_TOKEN", answer.get("credentialsType").asText());
        assertEquals(200, post("/api/v1/" + answer.get("credentialsValue").asText() + "/telemetry", "{\"a\":1}")
            .statusCode(), "the new device's token works at once");
        JsonNode wrong = json(post("/api/v1/provision",
            "{\"deviceName\":\"x\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"bad\"}"));
        assertEquals("{\"errorMsg\":\"Provision data was not found!\",\"status\":\"NOT_FOUND\"}", wrong.toString());
        HttpResponse<byte[]> unreadable = post("/api/v1/provision", "[1]");
        assertEquals(500, unreadable.statusCode());
        assertEquals(2, json(unreadable).get("errorCode").asInt());
        assertEquals("Can't parse value: [1]", json(unreadable).get("message").asText());
        JsonNode noKey = json(post("/api/v1/provision", "{\"deviceName\":\"x\",\"provisionDeviceSecret\":\"s\"}"));
        assertEquals("Failed to find the field provisionDeviceKey in JSON body {\"deviceName\":\"x\","
            + "\"provisionDeviceSecret\":\"s\"}!", noKey.get("message").asText());
    }

    @Test
    void firmwareIsDownloadedWholeOrByChunkWithThingsBoardsHeaders() throws Exception {
        byte[] data = new byte[2500];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        assertEquals(404, get("/api/v1/" + token + "/firmware?title=fw&version=1.0").statusCode());
        String id = api.post("/admin/ota/packages?title=fw&version=1.0", data).body().get("id").asText();
        api.post("/admin/devices/http-1/ota", "{\"packageId\":\"" + id + "\"}");
        HttpResponse<byte[]> whole = get("/api/v1/" + token + "/firmware?title=fw&version=1.0");
        assertEquals(200, whole.statusCode());
        assertArrayEquals(data, whole.body());
        assertEquals("attachment;filename=fw", whole.headers().firstValue("Content-Disposition").orElse(null));
        assertEquals("fw", whole.headers().firstValue("x-filename").orElse(null));
        assertEquals("application/octet-stream", whole.headers().firstValue("Content-Type").orElse(null));
        HttpResponse<byte[]> second = get("/api/v1/" + token + "/firmware?title=fw&version=1.0&size=1000&chunk=2");
        assertArrayEquals(Arrays.copyOfRange(data, 2000, 2500), second.body());
        HttpResponse<byte[]> pastTheEnd = get("/api/v1/" + token + "/firmware?title=fw&version=1.0&size=1000&chunk=3");
        assertEquals(200, pastTheEnd.statusCode());
        assertEquals(0, pastTheEnd.body().length);
        assertEquals(400, get("/api/v1/" + token + "/firmware?title=fw&version=2.0").statusCode());
        HttpResponse<byte[]> noTitle = get("/api/v1/" + token + "/firmware?version=1.0");
        assertEquals(400, noTitle.statusCode());
        assertEquals(31, json(noTitle).get("errorCode").asInt());
        assertEquals(3000, api.get("/admin/devices/http-1/ota").body().at("/firmware/bytesServed").asInt(),
            "the downloads count in the update's progress");
    }

    @Test
    void anRpcBodyOverTheLimitIsA413BeforeTheTokenIsLooked() throws Exception {
        String limit = "\"" + "x".repeat(65_534) + "\""; // 65,536 bytes: at the limit
        assertEquals(200, post("/api/v1/" + token + "/rpc/3", limit).statusCode());
        HttpResponse<byte[]> over = post("/api/v1/nope/rpc/3", limit + " ");
        assertEquals(413, over.statusCode());
        assertEquals("\"Payload size exceeds the limit of 65536 bytes\"", text(over));
        assertTrue(over.headers().firstValue("Content-Type").isEmpty());
        assertEquals(200, post("/api/v1/" + token + "/telemetry", "{\"big\":" + limit + "}").statusCode(),
            "telemetry has the 50 MiB limit");
        assertEquals(200, post("/api/v1/" + token + "/telemetry", "{\"after\":1}").statusCode(),
            "the connection goes on after a 413");
    }

    @Test
    void aWrongMethodIsThingsBoardsJson405() throws Exception {
        HttpResponse<byte[]> wrong = get("/api/v1/" + token + "/telemetry");
        assertEquals(405, wrong.statusCode());
        assertEquals(31, json(wrong).get("errorCode").asInt());
    }

    @Test
    void oneDeviceOverBothTransports() throws Exception {
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, token)) {
            mqtt.subscribe(1, "v1/devices/me/attributes");
            api.get("/admin/events?device=http-1&type=SUBSCRIBE&waitMs=10000");
            assertEquals(200, post("/api/v1/" + token + "/attributes", "{\"viaHttp\":true}").statusCode());
            api.post("/admin/devices/http-1/attributes/shared", "{\"target\":5}");
            assertEquals("{\"target\":5}", mqtt.nextMessage().payload());
            mqtt.publish("v1/devices/me/telemetry", "{\"viaMqtt\":1}", 1);
            assertEquals(200, post("/api/v1/" + token + "/telemetry", "{\"viaHttp\":2}").statusCode());
            JsonNode session = api.get("/admin/devices/http-1/session").body();
            assertTrue(session.get("connected").asBoolean(), "an HTTP request never displaces the MQTT session");
            assertEquals("MQTT", session.get("transport").asText());
            JsonNode latest = api.get("/admin/devices/http-1/telemetry/latest").body();
            assertEquals(1, latest.get("viaMqtt").asInt());
            assertEquals(2, latest.get("viaHttp").asInt());
            assertTrue(api.get("/admin/devices/http-1/attributes").body().at("/client/viaHttp").asBoolean());
            JsonNode overHttp = api.get("/admin/events?device=http-1&type=TELEMETRY&transport=HTTP").body().get("events");
            assertEquals(1, overHttp.size(), overHttp.toString());
            assertEquals("HTTP", overHttp.at("/0/transport").asText());
            assertEquals(400, api.get("/admin/events?transport=COAP").status());
        }
    }

    @Test
    void httpRequestsAreActivityButNeverAConnection() throws Exception {
        CompletableFuture<Void> reported = new CompletableFuture<>();
        server.onAttributesChanged(device -> {
            if (device.equals("http-1") && server.mock().deviceState("http-1").lastActivityTime() > 0) {
                reported.complete(null);
            }
        });
        assertEquals(200, post("/api/v1/" + token + "/telemetry", "{\"a\":1}").statusCode());
        reported.get(10, TimeUnit.SECONDS); // the device state service reports activity every 3 s
        JsonNode now = api.get("/admin/devices/http-1/state").body();
        assertTrue(now.get("active").asBoolean());
        assertTrue(now.get("lastActivityTime").asLong() > 0);
        assertEquals(0, now.get("lastConnectTime").asLong());
    }
}
