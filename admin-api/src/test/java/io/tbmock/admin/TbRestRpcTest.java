package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side RPC over REST (docs/thingsboard-rest.md §5): v1 and v2 status codes, persistent RPCs, in the sequence of ThingsBoard's
 * MqttClientTest (the device gets {@code {"method","params"}} on {@code …/rpc/request/0} and answers).
 */
class TbRestRpcTest extends RunningAdminServer {
    private TbRestClient rest;
    private JsonNode device;

    @BeforeEach
    void device() throws Exception {
        rest = TbRestClient.loggedIn(admin.port());
        device = rest.createDevice("rpc_device");
    }

    @Test
    void aTwoWayRpcAnswersWithTheDevicesReply() throws Exception {
        for (String path : new String[] {"/api/plugins/rpc/twoway/", "/api/rpc/twoway/"}) {
            try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
                mqtt.subscribe(1, "v1/devices/me/rpc/request/+");
                CompletableFuture<TbRestClient.Reply> call = rest.postAsync(path + id(device),
                    "{\"method\":\"getValue\",\"params\":true}");
                MqttDevice.Received request = mqtt.nextMessage();
                assertEquals("{\"method\":\"getValue\",\"params\":true}", request.payload());
                String requestId = request.topic().substring("v1/devices/me/rpc/request/".length());
                mqtt.publish("v1/devices/me/rpc/response/" + requestId, "{\"response\":\"someResponse\"}", 1);
                TbRestClient.Reply reply = call.get(10, TimeUnit.SECONDS);
                assertEquals(200, reply.status());
                assertEquals(TbRestClient.json("{\"response\":\"someResponse\"}"), reply.json());
            }
        }
        assertEquals(2, api.get("/admin/devices/rpc_device/rpc").body().size(), "the same RPCs the admin API lists");
    }

    @Test
    void anRpcWithoutParamsReachesTheDeviceWithNullParams() throws Exception {
        for (String path : new String[] {"/api/plugins/rpc/oneway/", "/api/rpc/oneway/"}) {
            try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
                mqtt.subscribe(1, "v1/devices/me/rpc/request/+");
                CompletableFuture<TbRestClient.Reply> call = rest.postAsync(path + id(device), "{\"method\":\"reboot\"}");
                assertEquals("{\"method\":\"reboot\",\"params\":null}", mqtt.nextMessage().payload());
                assertEquals(200, call.get(10, TimeUnit.SECONDS).status());
            }
        }
    }

    @Test
    void timeoutsAre408Or409InV1And504InV2AndANonJsonReplyIs406() throws Exception {
        JsonNode offline = rest.createDevice("offline");
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            mqtt.subscribe(1, "v1/devices/me/rpc/request/+");
            // ThingsBoard raises a timeout under 5 s to 5 s: the three wait together.
            CompletableFuture<TbRestClient.Reply> unanswered = rest.postAsync("/api/plugins/rpc/twoway/" + id(device),
                "{\"method\":\"m\",\"params\":{},\"timeout\":1000}");
            CompletableFuture<TbRestClient.Reply> v2 = rest.postAsync("/api/rpc/twoway/" + id(device),
                "{\"method\":\"m\",\"params\":{},\"timeout\":5000}");
            CompletableFuture<TbRestClient.Reply> neverDelivered = rest.postAsync("/api/plugins/rpc/twoway/" + id(offline),
                "{\"method\":\"m\",\"params\":{},\"timeout\":5000}");
            mqtt.nextMessage();
            mqtt.nextMessage();
            CompletableFuture<TbRestClient.Reply> notJson = rest.postAsync("/api/plugins/rpc/twoway/" + id(device),
                "{\"method\":\"n\",\"params\":{}}");
            MqttDevice.Received third = mqtt.nextMessage();
            mqtt.publish(third.topic().replace("request", "response"), "plain words", 1);
            assertEquals(406, notJson.get(10, TimeUnit.SECONDS).status());

            TbRestClient.Reply timedOut = unanswered.get(20, TimeUnit.SECONDS);
            assertEquals(408, timedOut.status());
            assertEquals("", timedOut.text());
            assertEquals(504, v2.get(20, TimeUnit.SECONDS).status());
            assertEquals(409, neverDelivered.get(20, TimeUnit.SECONDS).status());
        }
        TbRestClient.Reply unknown = rest.post("/api/rpc/twoway/0c0a2f0e-6c35-4e8c-9a3c-5c0b7e7ad2d1",
            "{\"method\":\"m\",\"params\":{}}");
        assertEquals(404, unknown.status());
        assertEquals("Device with requested id wasn't found!", unknown.text());
        assertEquals(400, rest.post("/api/rpc/twoway/" + id(device), "{\"params\":{}}").status());
    }

    @Test
    void aPersistentRpcIsQueuedForAnOfflineDeviceAndReadByItsId() throws Exception {
        TbRestClient.Reply accepted = rest.post("/api/rpc/twoway/" + id(device),
            "{\"method\":\"getValue\",\"params\":true,\"persistent\":true,\"timeout\":60000,\"additionalInfo\":{\"by\":\"ci\"}}");
        assertEquals(200, accepted.status());
        String rpcId = accepted.json().get("rpcId").asText();
        JsonNode queued = rest.get("/api/rpc/persistent/" + rpcId).json();
        assertEquals("QUEUED", queued.get("status").asText());
        assertEquals("true", queued.at("/request/body/params").asText(), "params kept as the text of their JSON");
        assertTrue(queued.at("/request/body/params").isTextual());
        assertEquals(TbRestClient.json("{\"by\":\"ci\"}"), queued.get("additionalInfo"));

        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            mqtt.subscribe(1, "v1/devices/me/rpc/request/+");
            MqttDevice.Received request = mqtt.nextMessage();
            assertEquals("v1/devices/me/rpc/request/0", request.topic());
            mqtt.publish("v1/devices/me/rpc/response/0", "{\"response\":\"someResponse\"}", 1);
        }
        JsonNode done = rest.get("/api/rpc/persistent/" + rpcId).json();
        assertEquals("SUCCESSFUL", done.get("status").asText());
        assertEquals(TbRestClient.json("{\"response\":\"someResponse\"}"), done.get("response"));
        JsonNode page = rest.get("/api/rpc/persistent/device/" + id(device) + "?pageSize=10&page=0&rpcStatus=SUCCESSFUL")
            .json();
        assertEquals(1, page.get("totalElements").asInt());
        assertEquals(200, rest.delete("/api/rpc/persistent/" + rpcId).status());
        TbRestClient.Reply gone = rest.get("/api/rpc/persistent/" + rpcId);
        assertEquals(404, gone.status());
        assertEquals("Rpc with id [" + rpcId + "] is not found", gone.message());
    }

    private static String id(JsonNode device) {
        return device.get("id").get("id").asText();
    }
}
