package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway's children through the admin API: listed, inspected, driven, as any device. */
class GatewayApiTest extends RunningAdminServer {

    @BeforeEach
    void gateway() throws Exception {
        assertEquals(201, api.post("/admin/devices",
            "{\"name\":\"gw\",\"gateway\":true,\"credentials\":{\"token\":\"GW\"}}").status());
    }

    @Test
    void childrenAreListedWithTheirGatewayAndTheirEventsNameIt() throws Exception {
        try (MqttDevice gateway = MqttDevice.connectWithToken(mqttPort, "GW", MqttProtocol.MQTT_5)) {
            gateway.publish("v1/gateway/telemetry", "{\"Sensor A\":[{\"temp\":21.5}]}", 1);
            JsonNode children = api.get("/admin/devices/gw/children").body();
            assertEquals(1, children.size());
            JsonNode child = children.get(0);
            assertEquals("Sensor A", child.get("name").asText());
            assertEquals("gw", child.get("lastConnectedGateway").asText());
            assertTrue(child.get("connected").asBoolean());
            assertEquals(json("{\"temp\":21.5}"), api.get("/admin/devices/Sensor%20A/telemetry/latest").body());
            JsonNode events = api.get("/admin/events?device=Sensor%20A&type=TELEMETRY").body().get("events");
            assertEquals("gw", events.get(0).get("gateway").asText());
            assertEquals(json("[{\"temp\":21.5}]"), events.get(0).get("payload"));
            assertTrue(api.get("/admin/devices/gw").body().get("lastConnectedGateway").isNull());
        }
        assertEquals(409, api.get("/admin/devices/Sensor%20A/children").status(), "not a gateway");
        assertEquals(404, api.get("/admin/devices/nobody/children").status());
    }

    @Test
    void anRpcToAChildWaitsForTheReplyThroughTheGateway() throws Exception {
        try (MqttDevice gateway = MqttDevice.connectWithToken(mqttPort, "GW")) {
            gateway.publish("v1/gateway/connect", "{\"device\":\"valve\"}", 1);
            CompletableFuture<AdminClient.Reply> call = CompletableFuture.supplyAsync(() -> post(
                "/admin/devices/valve/rpc", "{\"method\":\"open\",\"params\":{\"percent\":50},\"timeoutMs\":10000}"));
            MqttDevice.Received request = gateway.nextMessage();
            assertEquals("v1/gateway/rpc", request.topic());
            assertEquals(json("{\"device\":\"valve\",\"data\":{\"id\":0,\"method\":\"open\",\"params\":{\"percent\":50}}}"),
                json(request.payload()));
            gateway.publish("v1/gateway/rpc", "{\"device\":\"valve\",\"id\":0,\"data\":{\"opened\":true}}", 1);
            AdminClient.Reply reply = call.get(10, TimeUnit.SECONDS);
            assertEquals(200, reply.status());
            assertEquals(json("{\"id\":0,\"status\":\"SUCCESSFUL\",\"response\":{\"opened\":true}}"), reply.body());
        }
    }

    @Test
    void otaIsNotAssignedToAChild() throws Exception {
        try (MqttDevice gateway = MqttDevice.connectWithToken(mqttPort, "GW")) {
            gateway.publish("v1/gateway/connect", "{\"device\":\"valve\"}", 1);
        }
        String pkg = api.post("/admin/ota/packages?type=FIRMWARE&title=fw&version=1.0", new byte[] {1, 2, 3})
            .body().get("id").asText();
        AdminClient.Reply refused = api.post("/admin/devices/valve/ota", "{\"packageId\":\"" + pkg + "\"}");
        assertEquals(409, refused.status());
        assertTrue(refused.body().get("error").asText().contains("child of gateway 'gw'"), refused.body().toString());
    }

    private static AdminClient.Reply post(String path, String body) {
        try {
            return api.post(path, body);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
