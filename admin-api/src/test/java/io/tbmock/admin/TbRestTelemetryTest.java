package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Telemetry and attributes (docs/thingsboard-rest.md §4) and the telemetry WebSocket (§11), with what ThingsBoard's MQTT black-box
 * test publishes and asserts: {@code "true"}, {@code "value1"}, {@code "42.0"}, {@code "73"}.
 */
class TbRestTelemetryTest extends RunningAdminServer {
    private static final String PAYLOAD = "{\"booleanKey\":true,\"stringKey\":\"value1\",\"doubleKey\":42.0,\"longKey\":73}";
    private TbRestClient rest;
    private JsonNode device;
    private String values;

    @BeforeEach
    void device() throws Exception {
        rest = TbRestClient.loggedIn(admin.port());
        device = rest.createDevice("sensor");
        values = "/api/plugins/telemetry/DEVICE/" + device.get("id").get("id").asText();
    }

    @Test
    void telemetryReadsAsStringsUnlessStrictTypesAreAsked() throws Exception {
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            mqtt.publish("v1/devices/me/telemetry", PAYLOAD, 1);
        }
        JsonNode latest = rest.get(values + "/values/timeseries?keys=booleanKey,stringKey,doubleKey,longKey,nothing").json();
        assertEquals("true", latest.at("/booleanKey/0/value").asText());
        assertEquals("value1", latest.at("/stringKey/0/value").asText());
        assertEquals("42.0", latest.at("/doubleKey/0/value").asText());
        assertTrue(latest.at("/longKey/0/value").isTextual());
        assertEquals("73", latest.at("/longKey/0/value").asText());
        assertTrue(latest.at("/nothing/0/value").isNull(), "an unknown key is there, with a null value");
        JsonNode strict = rest.get(values + "/values/timeseries?keys=booleanKey,longKey&useStrictDataTypes=true").json();
        assertTrue(strict.at("/booleanKey/0/value").isBoolean());
        assertEquals(73, strict.at("/longKey/0/value").asLong());
        JsonNode keys = rest.get(values + "/keys/timeseries").json();
        assertEquals(4, keys.size());
    }

    @Test
    void aRangeIsHalfOpenNewestFirstLimitedAndAggregated() throws Exception {
        assertEquals(200, rest.post(values + "/timeseries/ANY", "[{\"ts\":1000,\"values\":{\"t\":1}},"
            + "{\"ts\":2000,\"values\":{\"t\":2}},{\"ts\":3000,\"values\":{\"t\":3}},{\"ts\":4000,\"values\":{\"t\":4}}]")
            .status());
        JsonNode range = rest.get(values + "/values/timeseries?keys=t&startTs=1000&endTs=4000").json();
        assertEquals(TbRestClient.json("{\"t\":[{\"ts\":3000,\"value\":\"3\"},{\"ts\":2000,\"value\":\"2\"},"
            + "{\"ts\":1000,\"value\":\"1\"}]}"), range);
        JsonNode limited = rest.get(values + "/values/timeseries?keys=t&startTs=0&endTs=5000&limit=2&orderBy=ASC").json();
        assertEquals(TbRestClient.json("{\"t\":[{\"ts\":1000,\"value\":\"1\"},{\"ts\":2000,\"value\":\"2\"}]}"), limited);
        JsonNode average = rest.get(values + "/values/timeseries?keys=t&startTs=0&endTs=4000&agg=AVG&interval=2000"
            + "&orderBy=ASC").json();
        assertEquals(TbRestClient.json("{\"t\":[{\"ts\":1000,\"value\":\"1.0\"},{\"ts\":3000,\"value\":\"2.5\"}]}"),
            average);
        assertEquals(TbRestClient.json("{}"), rest.get(values + "/values/timeseries?startTs=0&endTs=5000").json());
        assertEquals(400, rest.get(values + "/values/timeseries?keys=t&startTs=0&endTs=5000&agg=MEDIAN").status());

        assertEquals(200, rest.delete(values + "/timeseries/delete?keys=t&startTs=3000&endTs=5000").status());
        assertEquals(TbRestClient.json("{\"t\":[{\"ts\":2000,\"value\":\"2\"}]}"),
            rest.get(values + "/values/timeseries?keys=t").json(), "the latest is the newest value left");
        assertEquals("When deleteAllDataForKeys is false, start and end timestamp values shouldn't be empty",
            rest.delete(values + "/timeseries/delete?keys=t").text());
        assertEquals(200, rest.delete(values + "/timeseries/delete?keys=t&deleteAllDataForKeys=true").status());
        assertEquals(TbRestClient.json("{}"), api.get("/admin/devices/sensor/telemetry").body());

        TbRestClient.Reply empty = rest.post(values + "/timeseries/ANY", "{}");
        assertEquals(400, empty.status());
        assertEquals("No time series data found in request body!", empty.text());
    }

    @Test
    void sharedAttributesAreWrittenPushedReadAndDeletedByScope() throws Exception {
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            mqtt.subscribe(1, "v1/devices/me/attributes");
            mqtt.publish("v1/devices/me/attributes", "{\"firmware\":\"v1.0\"}", 1);
            TbRestClient.Reply saved = rest.post(values + "/attributes/SHARED_SCOPE", "{\"attr\":\"hello\",\"target\":21.5}");
            assertEquals(200, saved.status());
            assertEquals("", saved.text());
            assertEquals("{\"attr\":\"hello\",\"target\":21.5}", mqtt.nextMessage().payload());
            assertEquals(200, rest.post(values + "/SERVER_SCOPE", "{\"zone\":\"north\"}").status());

            JsonNode shared = rest.get(values + "/values/attributes/SHARED_SCOPE").json();
            assertEquals(2, shared.size());
            assertEquals("attr", shared.get(0).get("key").asText());
            assertEquals("hello", shared.get(0).get("value").asText());
            assertEquals(21.5, shared.get(1).get("value").asDouble(), "attributes read typed");
            assertTrue(shared.get(0).get("lastUpdateTs").asLong() > 0);
            JsonNode all = rest.get(values + "/values/attributes?keys=firmware,zone,attr").json();
            assertEquals("firmware", all.get(0).get("key").asText(), "client, then server, then shared");
            assertEquals("zone", all.get(1).get("key").asText());
            assertEquals("attr", all.get(2).get("key").asText());
            // the device state service's keys beside the one saved, as ThingsBoard lists them
            assertEquals(TbRestClient.json("[\"active\",\"lastConnectTime\",\"lastActivityTime\",\"zone\"]"),
                rest.get(values + "/keys/attributes/SERVER_SCOPE").json());

            assertEquals(200, rest.delete(values + "/SHARED_SCOPE?keys=attr").status());
            assertEquals("{\"deleted\":[\"attr\"]}", mqtt.nextMessage().payload());
        }
        assertEquals(TbRestClient.json("{\"client\":{\"firmware\":\"v1.0\"},\"shared\":{\"target\":21.5}}"),
            api.get("/admin/devices/sensor/attributes").body());
    }

    @Test
    void refusalsInsideTheTelemetryEndpointsArePlainText() throws Exception {
        TbRestClient.Reply client = rest.post(values + "/attributes/CLIENT_SCOPE", "{\"a\":1}");
        assertEquals(400, client.status());
        assertEquals("Invalid scope: CLIENT_SCOPE", client.text());
        assertEquals("Request is not a JSON object", rest.post(values + "/attributes/SHARED_SCOPE", "[1]").text());
        assertEquals("Invalid JSON", rest.post(values + "/attributes/SHARED_SCOPE", "{\"a\":").text());
        assertEquals("No attributes data found in request body!",
            rest.post(values + "/attributes/SHARED_SCOPE", "{}").text());
        assertEquals("Empty keys: []", rest.delete(values + "/SERVER_SCOPE").text());
        TbRestClient.Reply unknown = rest.get("/api/plugins/telemetry/DEVICE/0c0a2f0e-6c35-4e8c-9a3c-5c0b7e7ad2d1"
            + "/values/timeseries");
        assertEquals(404, unknown.status());
        assertEquals("Device with requested id wasn't found!", unknown.text());
        TbRestClient.Reply lower = rest.get("/api/plugins/telemetry/device/" + device.get("id").get("id").asText()
            + "/values/timeseries");
        assertEquals(400, lower.status());
        assertEquals(31, lower.json().get("errorCode").asInt());
        assertEquals(TbRestClient.json("{\"client\":{},\"shared\":{}}"), api.get("/admin/devices/sensor/attributes").body());
    }

    @Test
    void theWebSocketSendsASnapshotThenWhatTheDevicePublishes() throws Exception {
        WebSocketFrames frames = new WebSocketFrames();
        WebSocket socket = frames.open(admin.port(), "/api/ws/plugins/telemetry?token=" + rest.token());
        socket.sendText("{\"tsSubCmds\":[{\"entityType\":\"DEVICE\",\"entityId\":\"" + device.get("id").get("id").asText()
            + "\",\"scope\":\"LATEST_TELEMETRY\",\"cmdId\":7}],\"historyCmds\":[],\"attrSubCmds\":[]}", true);
        JsonNode snapshot = frames.next();
        assertEquals(7, snapshot.get("subscriptionId").asInt());
        assertEquals(0, snapshot.get("errorCode").asInt());
        assertEquals(TbRestClient.json("{}"), snapshot.get("data"));

        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            mqtt.publish("v1/devices/me/telemetry", PAYLOAD, 1);
        }
        JsonNode update = frames.next();
        assertEquals(7, update.get("subscriptionId").asInt());
        assertEquals("true", update.at("/data/booleanKey/0/1").asText());
        assertEquals("value1", update.at("/data/stringKey/0/1").asText());
        assertEquals("42.0", update.at("/data/doubleKey/0/1").asText());
        assertEquals("73", update.at("/data/longKey/0/1").asText());
        assertEquals(update.at("/data/longKey/0/0").asLong(), update.at("/latestValues/longKey").asLong());

        rest.post(values + "/timeseries/ANY", "{\"ts\":1,\"values\":{\"old\":1}}");
        assertEquals("1", frames.next().at("/data/old/0/1").asText(), "what REST writes is sent too");
        socket.sendText("not json", true);
        assertEquals("Failed to parse the payload", frames.next().get("errorMsg").asText());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void theWebSocketAnswersAHistoryCommandOnceAndANewStyleSubscription() throws Exception {
        rest.post(values + "/timeseries/ANY", "[{\"ts\":1000,\"values\":{\"t\":1}},{\"ts\":2000,\"values\":{\"t\":2.5}}]");
        WebSocketFrames frames = new WebSocketFrames();
        WebSocket socket = frames.open(admin.port(), "/api/ws");
        String entity = "\"entityType\":\"DEVICE\",\"entityId\":\"" + device.get("id").get("id").asText() + "\"";
        socket.sendText("{\"authCmd\":{\"cmdId\":0,\"token\":\"" + rest.token() + "\"},\"cmds\":[{\"type\":"
            + "\"TIMESERIES_HISTORY\"," + entity + ",\"keys\":\"t\",\"startTs\":0,\"endTs\":5000,\"cmdId\":3}]}", true);
        JsonNode history = frames.next();
        assertEquals(3, history.get("subscriptionId").asInt());
        assertEquals(TbRestClient.json("{\"t\":[[2000,\"2.5\"],[1000,\"1\"]]}"), history.get("data"));
        socket.sendText("{\"cmds\":[{\"type\":\"ATTRIBUTES\"," + entity + ",\"scope\":\"SHARED_SCOPE\",\"cmdId\":4}]}", true);
        assertEquals(TbRestClient.json("{}"), frames.next().get("data"));
        rest.post(values + "/attributes/SHARED_SCOPE", "{\"mode\":\"eco\"}");
        JsonNode update = frames.next();
        assertEquals(4, update.get("subscriptionId").asInt());
        assertEquals("eco", update.at("/data/mode/0/1").asText());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void theNewWebSocketClosesWithoutAnAuthCommand() throws Exception {
        WebSocketFrames frames = new WebSocketFrames();
        WebSocket socket = frames.open(admin.port(), "/api/ws");
        socket.sendText("{\"cmds\":[]}", true);
        assertEquals("1008 Auth cmd is missing", frames.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theWebSocketWantsAToken() {
        CompletionException refused = assertThrows(CompletionException.class, () -> HttpClient.newHttpClient()
            .newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + admin.port() + "/api/ws/plugins/telemetry"),
                new WebSocketFrames()).join());
        WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
        assertEquals(401, handshake.getResponse().statusCode());
    }

    /** The frames a WebSocket client receives, one JSON message at a time. */
}
