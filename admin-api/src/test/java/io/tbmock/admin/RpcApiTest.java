package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-side RPC, client-RPC stubs and claims over HTTP. */
class RpcApiTest extends RunningAdminServer {

    @BeforeEach
    void device() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
    }

    @Test
    void aTwoWayRpcWaitsForTheDevicesReply() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            CompletableFuture<AdminClient.Reply> call = CompletableFuture.supplyAsync(() -> post("/admin/devices/dev-1/rpc",
                "{\"method\":\"setGpio\",\"params\":{\"pin\":4,\"value\":1.50},\"timeoutMs\":10000}"));
            MqttDevice.Received request = device.nextMessage();
            assertEquals("{\"method\":\"setGpio\",\"params\":{\"pin\":4,\"value\":1.50}}", request.payload());
            device.publish("v1/devices/me/rpc/response/0", "{\"ok\":true}", 1);
            AdminClient.Reply reply = call.get(10, TimeUnit.SECONDS);
            assertEquals(200, reply.status());
            assertEquals(json("{\"id\":0,\"status\":\"SUCCESSFUL\",\"response\":{\"ok\":true}}"), reply.body());

            JsonNode rpc = api.get("/admin/devices/dev-1/rpc/0").body();
            assertEquals("setGpio", rpc.get("method").asText());
            assertEquals(json("{\"pin\":4,\"value\":1.50}"), rpc.get("params"));
            assertFalse(rpc.get("oneway").asBoolean());
            assertEquals("SUCCESSFUL", rpc.get("status").asText());
            assertEquals(json("{\"ok\":true}"), rpc.get("response"));
            assertTrue(rpc.get("expiresAt").asLong() - rpc.get("createdAt").asLong() == 10000);
            assertEquals(1, api.get("/admin/devices/dev-1/rpc").body().size());
        }
    }

    @Test
    void aTwoWayRpcWithoutAReplyIsA504WhileALaterOneSucceeds() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            AdminClient.Reply timedOut = api.post("/admin/devices/dev-1/rpc", "{\"method\":\"m\",\"timeoutMs\":200}");
            assertEquals(504, timedOut.status());
            assertEquals(json("{\"id\":0,\"status\":\"TIMEOUT\"}"), timedOut.body());
            device.nextMessage();

            CompletableFuture<AdminClient.Reply> call = CompletableFuture.supplyAsync(
                () -> post("/admin/devices/dev-1/rpc", "{\"method\":\"n\"}"));
            assertEquals("v1/devices/me/rpc/request/1", device.nextMessage().topic());
            device.publish("v1/devices/me/rpc/response/1", "{\"fine\":true}", 1);
            assertEquals(json("{\"id\":1,\"status\":\"SUCCESSFUL\",\"response\":{\"fine\":true}}"),
                call.get(10, TimeUnit.SECONDS).body());
        }
    }

    @Test
    void aOneWayRpcReturnsOnceDelivered() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            AdminClient.Reply reply = api.post("/admin/devices/dev-1/rpc", "{\"method\":\"reboot\",\"oneway\":true}");
            assertEquals(json("{\"id\":0,\"status\":\"DELIVERED\"}"), reply.body());
            assertEquals("{\"method\":\"reboot\",\"params\":{}}", device.nextMessage().payload());
        }
    }

    @Test
    void waitFalseQueuesAndReturnsAtOnce() throws Exception {
        AdminClient.Reply reply = api.post("/admin/devices/dev-1/rpc?wait=false", "{\"method\":\"m\",\"timeoutMs\":60000}");
        assertEquals(202, reply.status());
        assertEquals(json("{\"id\":0,\"status\":\"QUEUED\"}"), reply.body());
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            device.nextMessage();
            device.publish("v1/devices/me/rpc/response/0", "42", 1);
        }
        JsonNode rpc = api.get("/admin/devices/dev-1/rpc/0").body();
        assertEquals("SUCCESSFUL", rpc.get("status").asText());
        assertEquals(42, rpc.get("response").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no method | {\"params\":{}} | 'method' is required",
        "blank method | {\"method\":\" \"} | method",
        "bad timeout | {\"method\":\"m\",\"timeoutMs\":0} | 'timeoutMs'",
        "timeout over a day | {\"method\":\"m\",\"timeoutMs\":86400001} | 'timeoutMs' must be from 1 to 86400000 ms",
        "timeout not a number | {\"method\":\"m\",\"timeoutMs\":\"1s\"} | 'timeoutMs'",
        "oneway not a boolean | {\"method\":\"m\",\"oneway\":1} | 'oneway'",
        "a typo | {\"method\":\"m\",\"timeout\":5000} | unknown field 'timeout'; the body has method, params, oneway, timeoutMs"})
    void aBadRpcIsA400AndSendsNothing(String what, String body, String expected) throws Exception {
        AdminClient.Reply reply = api.post("/admin/devices/dev-1/rpc", body);
        assertEquals(400, reply.status(), what);
        assertTrue(reply.body().get("error").asText().contains(expected), reply.body().toString());
        assertEquals(0, api.get("/admin/devices/dev-1/rpc").body().size());
    }

    @Test
    void unknownDevicesAndRpcsAre404() throws Exception {
        assertEquals(404, api.post("/admin/devices/nope/rpc", "{\"method\":\"m\"}").status());
        assertEquals(404, api.get("/admin/devices/dev-1/rpc/5").status());
        assertEquals(400, api.get("/admin/devices/dev-1/rpc/five").status());
    }

    @Test
    void clientRpcStubsAnswerDevices() throws Exception {
        AdminClient.Reply stub = api.post("/admin/client-rpc/stubs",
            "{\"method\":\"getTime\",\"response\":{\"time\":1700000000000},\"device\":\"dev-1\",\"delayMs\":0}");
        assertEquals(201, stub.status());
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v1/devices/me/rpc/request/3", "{\"method\":\"getTime\",\"params\":{\"tz\":\"UTC\"}}", 1);
            assertEquals("{\"time\":1700000000000}", device.nextMessage().payload());
        }
        JsonNode requests = api.get("/admin/devices/dev-1/client-rpc").body();
        assertEquals(1, requests.size());
        assertEquals(3, requests.get(0).get("id").asInt());
        assertEquals("getTime", requests.get(0).get("method").asText());
        assertEquals(json("{\"tz\":\"UTC\"}"), requests.get(0).get("params"));
        assertEquals(json("{\"time\":1700000000000}"), requests.get(0).get("response"));
        assertTrue(requests.get(0).get("ts").asLong() > 0);

        assertEquals(204, api.delete("/admin/client-rpc/stubs").status());
        assertEquals(400, api.post("/admin/client-rpc/stubs", "{\"method\":\"m\"}").status());
        assertEquals(400, api.post("/admin/client-rpc/stubs", "{\"method\":\"m\",\"response\":1,\"devices\":\"dev-1\"}")
            .status(), "a typo of 'device' is not a stub for all devices");
        AdminClient.Reply tooLate = api.post("/admin/client-rpc/stubs", "{\"method\":\"m\",\"response\":1,\"delayMs\":3600001}");
        assertEquals(400, tooLate.status());
        assertTrue(tooLate.body().get("error").asText().contains("'delayMs' must be from 0 to 3600000 ms"),
            tooLate.body().toString());
        assertEquals(404, api.post("/admin/client-rpc/stubs", "{\"method\":\"m\",\"response\":1,\"device\":\"nope\"}").status());
    }

    @Test
    void claimsAre404UntilTheDeviceAsks() throws Exception {
        assertEquals(404, api.get("/admin/devices/dev-1/claim").status());
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v1/devices/me/claim", "{\"secretKey\":\"s3cret\",\"durationMs\":60000}", 1);
        }
        JsonNode claim = api.get("/admin/devices/dev-1/claim").body();
        assertEquals("s3cret", claim.get("secretKey").asText());
        assertEquals(60000, claim.get("durationMs").asLong());
        assertTrue(claim.get("requestedAt").asLong() > 0);
    }

    private static AdminClient.Reply post(String path, String body) {
        try {
            return api.post(path, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
