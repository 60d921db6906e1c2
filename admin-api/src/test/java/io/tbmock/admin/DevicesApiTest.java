package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /admin/devices…} over HTTP, as docs/admin-api.md writes it. */
class DevicesApiTest extends RunningAdminServer {

    @Test
    void createReadListAndDelete() throws Exception {
        AdminClient.Reply created = api.post("/admin/devices",
            "{\"name\":\"dev-1\",\"type\":\"thermostat\",\"gateway\":false,\"credentials\":{\"token\":\"T1\"}}");
        assertEquals(201, created.status());
        JsonNode device = created.body();
        assertEquals("dev-1", device.get("name").asText());
        assertEquals("thermostat", device.get("type").asText());
        assertFalse(device.get("gateway").asBoolean());
        assertEquals(json("{\"type\":\"ACCESS_TOKEN\",\"token\":\"T1\"}"), device.get("credentials"));
        assertFalse(device.get("connected").asBoolean());
        assertTrue(device.get("createdAt").asLong() > 0);
        assertTrue(device.get("id").asText().matches("[0-9a-f-]{36}"));

        assertEquals(device, api.get("/admin/devices/dev-1").body());
        assertEquals(1, api.get("/admin/devices").body().size());
        assertEquals(204, api.delete("/admin/devices/dev-1").status());
        AdminClient.Reply gone = api.get("/admin/devices/dev-1");
        assertEquals(404, gone.status());
        assertEquals(json("{\"status\":404,\"error\":\"no device named 'dev-1'\"}"), gone.body());
    }

    @Test
    void anOmittedTokenIsGenerated() throws Exception {
        JsonNode device = api.post("/admin/devices", "{\"name\":\"dev-1\"}").body();
        assertEquals("default", device.get("type").asText());
        assertEquals("ACCESS_TOKEN", device.at("/credentials/type").asText());
        assertTrue(device.at("/credentials/token").asText().matches("[A-Za-z0-9]{20}"));
    }

    @Test
    void mqttBasicCredentials() throws Exception {
        JsonNode device = api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"type\":\"MQTT_BASIC\","
            + "\"clientId\":\"c1\",\"username\":\"u1\",\"password\":\"p1\"}}").body();
        assertEquals(json("{\"type\":\"MQTT_BASIC\",\"clientId\":\"c1\",\"username\":\"u1\",\"password\":\"p1\"}"),
            device.get("credentials"));
        try (MqttDevice mqtt = MqttDevice.connect(mqttPort, MqttDevice.options().clientId("c1").username("u1").password("p1"))) {
            assertTrue(mqtt.isConnected());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON | {\"name\": | not valid JSON",
        "empty body | '' | empty",
        "an array | [] | must be a JSON object",
        "no name | {\"type\":\"x\"} | 'name' is required",
        "blank name | {\"name\":\" \"} | name",
        "name not a string | {\"name\":5} | 'name' must be a string",
        "gateway not a boolean | {\"name\":\"d\",\"gateway\":\"yes\"} | 'gateway' must be true or false",
        "credentials not an object | {\"name\":\"d\",\"credentials\":\"T1\"} | 'credentials' must be a JSON object",
        "unknown credentials type | {\"name\":\"d\",\"credentials\":{\"type\":\"PSK\"}} | 'credentials.type' must be one of",
        "malformed certificate | {\"name\":\"d\",\"credentials\":{\"type\":\"X509_CERTIFICATE\",\"certificatePem\":\"x\"}} | credentials.certificatePem",
        "certificate not a string | {\"name\":\"d\",\"credentials\":{\"type\":\"X509_CERTIFICATE\",\"certificatePem\":1}} | 'credentials.certificatePem' must be a string",
        "empty token | {\"name\":\"d\",\"credentials\":{\"token\":\"\"}} | credentials.token",
        "basic without id or username | {\"name\":\"d\",\"credentials\":{\"type\":\"MQTT_BASIC\",\"password\":\"p\"}} | credentials.clientId",
        "basic password with client id only | {\"name\":\"d\",\"credentials\":{\"type\":\"MQTT_BASIC\",\"clientId\":\"c\",\"password\":\"p\"}} | credentials.password"})
    void aBadDeviceIsA400NamingTheFieldAndChangesNothing(String what, String body, String expectedInError)
        throws Exception {
        AdminClient.Reply reply = api.post("/admin/devices", body);
        assertEquals(400, reply.status(), what);
        assertEquals(400, reply.body().get("status").asInt());
        assertTrue(reply.body().get("error").asText().contains(expectedInError), reply.body().toString());
        assertEquals(0, api.get("/admin/devices").body().size());
    }

    @Test
    void aTakenNameOrCredentialIsA409() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        AdminClient.Reply name = api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T2\"}}");
        assertEquals(409, name.status());
        assertEquals(409, name.body().get("status").asInt());
        assertEquals(409, api.post("/admin/devices", "{\"name\":\"dev-2\",\"credentials\":{\"token\":\"T1\"}}").status());
        assertEquals(1, api.get("/admin/devices").body().size());
    }

    @Test
    void namesArePercentDecodedInPaths() throws Exception {
        api.post("/admin/devices", "{\"name\":\"kitchen sensor+1\"}");
        assertEquals(200, api.get("/admin/devices/kitchen%20sensor+1").status());
    }

    @Test
    void aNameWithASlashIsOneSegmentSentAsPercent2F() throws Exception {
        assertEquals(201, api.post("/admin/devices", "{\"name\":\"floor-1/sensor-2\"}").status());
        AdminClient.Reply device = api.get("/admin/devices/floor-1%2Fsensor-2");
        assertEquals(200, device.status(), String.valueOf(device.body()));
        assertEquals("floor-1/sensor-2", device.body().get("name").asText());
        assertEquals(200, api.get("/admin/devices/floor-1%2fsensor-2/telemetry").status(), "lowercase hex too");
        assertEquals(404, api.get("/admin/devices/floor-1/sensor-2").status(), "an unencoded slash is two segments");
        assertEquals(204, api.delete("/admin/devices/floor-1%2Fsensor-2").status());
        assertEquals(0, api.get("/admin/devices").body().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a typo at the top | {\"name\":\"d\",\"credential\":{\"token\":\"T9\"}} | unknown field 'credential'",
        "a field of another credentials type | {\"name\":\"d\",\"credentials\":{\"token\":\"T9\",\"password\":\"p\"}} | unknown field 'credentials.password'",
        "basic with a token | {\"name\":\"d\",\"credentials\":{\"type\":\"MQTT_BASIC\",\"username\":\"u\",\"token\":\"t\"}} | unknown field 'credentials.token'"})
    void anUnknownFieldIsA400NamingItAndCreatesNothing(String what, String body, String expected) throws Exception {
        AdminClient.Reply reply = api.post("/admin/devices", body);
        assertEquals(400, reply.status(), what);
        assertTrue(reply.body().get("error").asText().contains(expected), reply.body().toString());
        assertEquals(0, api.get("/admin/devices").body().size());
    }

    @Test
    void sessionAndDisconnect() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        assertEquals(json("{\"connected\":false,\"transport\":null,\"clientId\":null,\"connectedAt\":null,\"protocolVersion\":null,"
            + "\"subscriptions\":[]}"), api.get("/admin/devices/dev-1/session").body());
        assertEquals(409, api.post("/admin/devices/dev-1/disconnect").status());
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            JsonNode session = api.get("/admin/devices/dev-1/session").body();
            assertTrue(session.get("connected").asBoolean());
            assertEquals(device.clientId(), session.get("clientId").asText());
            assertEquals(json("[\"v1/devices/me/attributes\"]"), session.get("subscriptions"));
            assertTrue(api.get("/admin/devices/dev-1").body().get("connected").asBoolean());

            assertEquals(204, api.post("/admin/devices/dev-1/disconnect").status());
            assertTrue(device.awaitConnectionLost());
        }
    }

    @Test
    void aDeviceIsRenamedAndItsStateAndConnectivityRead() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"type\":\"MQTT_BASIC\",\"clientId\":\"c1\","
            + "\"username\":\"u1\",\"password\":\"p1\"}}");
        JsonNode state = api.get("/admin/devices/dev-1/state").body();
        assertEquals(json("{\"active\":false,\"lastConnectTime\":0,\"lastDisconnectTime\":0,\"lastActivityTime\":0,"
            + "\"inactivityAlarmTime\":0,\"inactivityTimeout\":600000}"), state);
        JsonNode commands = api.get("/admin/devices/dev-1/connectivity").body();
        assertEquals("mosquitto_pub -d -q 1 -h 127.0.0.1 -p " + mqttPort + " -t v1/devices/me/telemetry -i \"c1\" -u \"u1\""
            + " -P \"p1\" -m \"{temperature:25}\"", commands.at("/mqtt/mqtt").asText());

        AdminClient.Reply renamed = api.post("/admin/devices/dev-1/rename", "{\"name\":\"dev-one\"}");
        assertEquals(200, renamed.status());
        assertEquals("dev-one", renamed.body().get("name").asText());
        assertEquals(404, api.get("/admin/devices/dev-1").status());
        assertEquals(400, api.post("/admin/devices/dev-one/rename", "{\"nme\":\"x\"}").status());
        assertEquals(400, api.post("/admin/devices/dev-one/rename", "{}").status());
        api.post("/admin/devices", "{\"name\":\"dev-2\"}");
        assertEquals(409, api.post("/admin/devices/dev-one/rename", "{\"name\":\"dev-2\"}").status());
        assertEquals(404, api.post("/admin/devices/nope/rename", "{\"name\":\"x\"}").status());
    }

    @Test
    void aDisconnectWithAReasonCodeSendsAnMqtt5DeviceThatDisconnect() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1", MqttProtocol.MQTT_5)) {
            assertEquals(5, api.get("/admin/devices/dev-1/session").body().get("protocolVersion").asInt());
            assertEquals(400, api.post("/admin/devices/dev-1/disconnect", "{\"reasonCode\":256}").status());
            assertEquals(400, api.post("/admin/devices/dev-1/disconnect", "{\"code\":142}").status());
            assertEquals(204, api.post("/admin/devices/dev-1/disconnect", "{\"reasonCode\":142}").status());
            assertEquals(0x8E, device.awaitDisconnectReason());
        }
    }

    @Test
    void deletingAConnectedDeviceClosesItsSession() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            assertEquals(204, api.delete("/admin/devices/dev-1").status());
            assertTrue(device.awaitConnectionLost());
        }
        assertEquals(404, api.delete("/admin/devices/dev-1").status());
    }

    @Test
    void resetForgetsDevicesAndClosesSessionsWhileResetDataKeepsDevices() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            assertEquals(204, api.post("/admin/reset/data").status());
            assertEquals(json("{}"), api.get("/admin/devices/dev-1/telemetry/latest").body());
            assertTrue(device.isConnected());
            assertEquals(204, api.post("/admin/reset").status());
            assertTrue(device.awaitConnectionLost());
            assertEquals(0, api.get("/admin/devices").body().size());
        }
        // nothing of the closed session arrives after the reset
        assertEquals(0, api.get("/admin/events?waitMs=0").body().get("events").size());
    }
}
