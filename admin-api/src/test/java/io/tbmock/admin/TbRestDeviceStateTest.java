package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device state service's attributes as ThingsBoard's test suites read them: polled through the REST API's
 * SERVER_SCOPE attributes and the device info's {@code active}, filtered on in the device info list, pushed to
 * the telemetry WebSocket, and read through the admin API.
 */
class TbRestDeviceStateTest extends RunningAdminServer {
    private TbRestClient rest;
    private JsonNode device;
    private String attributes;

    @BeforeEach
    void device() throws Exception {
        rest = TbRestClient.loggedIn(admin.port());
        device = rest.createDevice("stateful");
        attributes = "/api/plugins/telemetry/DEVICE/" + device.get("id").get("id").asText() + "/values/attributes";
    }

    @Test
    void aNewDeviceReadsInactiveAndAConnectedOneActiveWithItsTimes() throws Exception {
        JsonNode before = rest.get(attributes + "/SERVER_SCOPE").json();
        assertEquals(1, before.size(), before.toString());
        assertEquals("active", before.at("/0/key").asText());
        assertFalse(before.at("/0/value").asBoolean());
        assertFalse(rest.get("/api/device/info/" + id()).json().get("active").asBoolean());

        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            api.get("/admin/events?device=stateful&type=CONNECT&waitMs=10000");
            JsonNode state = rest.get(attributes + "/SERVER_SCOPE?keys=active,lastConnectTime,lastActivityTime").json();
            assertEquals(3, state.size(), state.toString());
            assertTrue(valueOf(state, "active").asBoolean());
            assertTrue(valueOf(state, "lastConnectTime").isIntegralNumber(), "a long, as ThingsBoard types it");
            assertTrue(valueOf(state, "lastActivityTime").asLong() >= valueOf(state, "lastConnectTime").asLong());
            assertTrue(rest.get("/api/device/info/" + id()).json().get("active").asBoolean());
            JsonNode admin = api.get("/admin/devices/stateful/state").body();
            assertTrue(admin.get("active").asBoolean());
            assertEquals(valueOf(state, "lastConnectTime").asLong(), admin.get("lastConnectTime").asLong());
            assertEquals(600000, admin.get("inactivityTimeout").asLong());
        }
    }

    @Test
    void theDeviceInfoListFiltersOnActive() throws Exception {
        rest.createDevice("idle");
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            api.get("/admin/events?device=stateful&type=CONNECT&waitMs=10000");
            JsonNode active = rest.get("/api/tenant/deviceInfos?pageSize=10&page=0&active=true").json();
            assertEquals(1, active.get("totalElements").asInt());
            assertEquals("stateful", active.at("/data/0/name").asText());
            JsonNode inactive = rest.get("/api/tenant/deviceInfos?pageSize=10&page=0&active=false").json();
            assertEquals("idle", inactive.at("/data/0/name").asText());
            assertEquals(2, rest.get("/api/tenant/deviceInfos?pageSize=10&page=0").json().get("totalElements").asInt());
            assertEquals("DEFAULT", active.at("/data/0/deviceProfileName").asText());
        }
    }

    @Test
    void theWebSocketIsToldWhenTheDeviceTurnsActive() throws Exception {
        WebSocketFrames frames = new WebSocketFrames();
        WebSocket socket = frames.open(admin.port(), "/api/ws/plugins/telemetry?token=" + rest.token());
        socket.sendText("{\"attrSubCmds\":[{\"entityType\":\"DEVICE\",\"entityId\":\"" + id()
            + "\",\"scope\":\"SERVER_SCOPE\",\"keys\":\"active\",\"cmdId\":5}]}", true);
        assertEquals("false", frames.next().at("/data/active/0/1").asText(), "the snapshot");
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            JsonNode update = frames.next();
            assertEquals(5, update.get("subscriptionId").asInt());
            assertEquals("true", update.at("/data/active/0/1").asText());
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void theInactivityTimeoutIsTheDevicesServerAttribute() throws Exception {
        TbRestClient.Reply saved = rest.post("/api/plugins/telemetry/DEVICE/" + id() + "/attributes/SERVER_SCOPE",
            "{\"inactivityTimeout\":200}");
        assertEquals(200, saved.status(), saved.text());
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            JsonNode inactive = api.get("/admin/events?device=stateful&type=INACTIVE&waitMs=10000").body();
            assertEquals(1, inactive.get("events").size(), inactive.toString());
            assertFalse(valueOf(rest.get(attributes + "/SERVER_SCOPE?keys=active").json(), "active").asBoolean());
            assertTrue(valueOf(rest.get(attributes + "/SERVER_SCOPE?keys=inactivityAlarmTime").json(),
                "inactivityAlarmTime").asLong() > 0);
        }
    }

    private String id() {
        return device.get("id").get("id").asText();
    }

    private static JsonNode valueOf(JsonNode attributes, String key) {
        for (JsonNode attribute : attributes) {
            if (attribute.get("key").asText().equals(key)) {
                return attribute.get("value");
            }
        }
        throw new AssertionError(key + " not in " + attributes);
    }
}
