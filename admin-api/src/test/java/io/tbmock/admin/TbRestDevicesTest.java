package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices and credentials (spec §2.2) in the call sequences of ThingsBoard's black-box MQTT tests
 * (MqttClientTest: create with an empty accessToken, read the credentials, connect, delete) and of the python
 * client's CE test; each checked against the admin API's view of the same device.
 */
class TbRestDevicesTest extends RunningAdminServer {

    @Test
    void aDeviceCreatedWithAnEmptyTokenGetsARandomOneAndConnectsWithIt() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("mqtt_device");
        assertEquals("DEVICE", device.get("id").get("entityType").asText());
        assertEquals("DEFAULT", device.get("type").asText()); // a profile named after the type, not "default"
        assertEquals("13814000-1dd2-11b2-8080-808080808080", device.get("customerId").get("id").asText());
        assertEquals(1, device.get("version").asInt());
        assertTrue(device.has("label") && device.get("label").isNull());
        JsonNode profile = rest.get("/api/deviceProfile/" + device.get("deviceProfileId").get("id").asText()).json();
        assertEquals("DEFAULT", profile.get("name").asText());
        assertFalse(profile.get("default").asBoolean());

        JsonNode credentials = rest.get("/api/device/" + id(device) + "/credentials").json();
        assertEquals("ACCESS_TOKEN", credentials.get("credentialsType").asText());
        String token = credentials.get("credentialsId").asText();
        assertTrue(token.matches("[A-Za-z0-9]{20}"), token);
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, token)) {
            mqtt.publish("v1/devices/me/telemetry", "{\"temperature\":42.0}", 1);
            JsonNode seen = api.get("/admin/devices/mqtt_device/telemetry/latest").body();
            assertEquals(42.0, seen.get("temperature").asDouble());
            assertEquals(id(device), api.get("/admin/devices/mqtt_device").body().get("id").asText());
            assertTrue(rest.get("/api/device/info/" + id(device)).json().get("active").asBoolean());
        }
    }

    @Test
    void aDeviceIsFoundByIdAndByNameAndUnknownOnesGetThingsBoardsTexts() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("finder");
        assertEquals(device, rest.get("/api/device/" + id(device)).json());
        assertEquals(device, rest.get("/api/tenant/devices?deviceName=finder").json());
        assertEquals(device, rest.get("/api/tenant/device?deviceName=finder").json());

        TbRestClient.Reply byName = rest.get("/api/tenant/devices?deviceName=nobody");
        assertEquals(404, byName.status());
        assertEquals("Requested item wasn't found!", byName.message());
        assertEquals(32, byName.json().get("errorCode").asInt());
        String unknown = "0c0a2f0e-6c35-4e8c-9a3c-5c0b7e7ad2d1";
        TbRestClient.Reply byId = rest.get("/api/device/" + unknown);
        assertEquals(404, byId.status());
        assertEquals("Device with id [" + unknown + "] is not found", byId.message());
        TbRestClient.Reply badId = rest.get("/api/device/xyz");
        assertEquals(400, badId.status());
        assertEquals("Invalid UUID string: xyz", badId.message());
        assertEquals(31, badId.json().get("errorCode").asInt());
    }

    @Test
    void theTokenAskedForIsUsedAndDuplicatesAreRefusedWithThingsBoardsMessages() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.post("/api/device?accessToken=MY_TOKEN", "{\"name\":\"d1\"}").json();
        assertEquals("default", device.get("type").asText());
        assertEquals("MY_TOKEN", rest.accessToken(device));
        assertEquals("MY_TOKEN", api.get("/admin/devices/d1").body().get("credentials").get("token").asText());

        TbRestClient.Reply sameName = rest.post("/api/device", "{\"name\":\"d1\"}");
        assertEquals(400, sameName.status());
        assertEquals("Device with such name already exists!", sameName.message());
        TbRestClient.Reply sameToken = rest.post("/api/device?accessToken=MY_TOKEN", "{\"name\":\"d2\"}");
        assertEquals(400, sameToken.status());
        assertEquals("Device credentials are already assigned to another device!", sameToken.message());
        assertEquals(404, api.get("/admin/devices/d2").status()); // nothing half made
        TbRestClient.Reply noName = rest.post("/api/device", "{\"type\":\"x\"}");
        assertEquals("Device name should be specified!", noName.message());
    }

    @Test
    void updatingTheCredentialsClosesTheSessionAndTheNewTokenConnects() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("rekeyed");
        String oldToken = rest.accessToken(device);
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, oldToken)) {
            JsonNode credentials = rest.get("/api/device/" + id(device) + "/credentials").json();
            ((ObjectNode) credentials).put("credentialsId", "NEW_TOKEN");
            TbRestClient.Reply updated = rest.post("/api/device/credentials", credentials.toString());
            assertEquals(200, updated.status());
            assertEquals("NEW_TOKEN", updated.json().get("credentialsId").asText());
            assertTrue(mqtt.awaitConnectionLost());
        }
        assertEquals(5, MqttDevice.refusalCode(mqttPort, MqttDevice.options().username(oldToken)));
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, "NEW_TOKEN")) {
            assertTrue(mqtt.isConnected());
        }
    }

    @Test
    void deviceWithCredentialsSavesMqttBasicCredentials() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        TbRestClient.Reply saved = rest.post("/api/device-with-credentials", "{\"device\":{\"name\":\"basic\"},"
            + "\"credentials\":{\"credentialsType\":\"MQTT_BASIC\","
            + "\"credentialsValue\":\"{\\\"clientId\\\":\\\"c1\\\",\\\"userName\\\":\\\"u1\\\",\\\"password\\\":\\\"p1\\\"}\"}}");
        assertEquals(200, saved.status(), saved.text());
        JsonNode credentials = rest.get("/api/device/" + id(saved.json()) + "/credentials").json();
        assertEquals("MQTT_BASIC", credentials.get("credentialsType").asText());
        assertEquals("u1", TbRestClient.json(credentials.get("credentialsValue").asText()).get("userName").asText());
        try (MqttDevice mqtt = MqttDevice.connect(mqttPort, MqttDevice.options().clientId("c1").username("u1")
            .password("p1"))) {
            assertTrue(mqtt.isConnected());
        }
    }

    @Test
    void deletingADeviceClosesItsSessionAndThenItIsNotFound() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("doomed");
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            TbRestClient.Reply deleted = rest.delete("/api/device/" + id(device));
            assertEquals(200, deleted.status());
            assertEquals("", deleted.text());
            assertTrue(mqtt.awaitConnectionLost());
        }
        assertEquals(404, rest.get("/api/device/" + id(device)).status());
        assertEquals(404, api.get("/admin/devices/doomed").status());
    }

    @Test
    void aDeviceMadeThroughTheAdminApiIsTheSameDeviceHere() throws Exception {
        api.post("/admin/devices", "{\"name\":\"thermo\",\"type\":\"thermostat\",\"gateway\":true,"
            + "\"credentials\":{\"token\":\"T9\"}}");
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.get("/api/tenant/devices?deviceName=thermo").json();
        assertEquals("thermostat", device.get("type").asText());
        assertEquals(TbRestClient.json("{\"gateway\":true}"), device.get("additionalInfo"));
        assertEquals("T9", rest.accessToken(device));
        JsonNode profile = rest.get("/api/deviceProfile/" + device.get("deviceProfileId").get("id").asText()).json();
        assertEquals("thermostat", profile.get("name").asText());
    }

    @Test
    void devicesArePagedSearchedAndSortedInMemory() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        for (String name : new String[] {"alpha", "beta", "gamma", "Alphabet"}) {
            rest.createDevice(name);
        }
        JsonNode first = rest.get("/api/tenant/devices?pageSize=3&page=0").json();
        assertEquals(4, first.get("totalElements").asInt());
        assertEquals(2, first.get("totalPages").asInt());
        assertTrue(first.get("hasNext").asBoolean());
        assertEquals("alpha", first.get("data").get(0).get("name").asText());
        JsonNode second = rest.get("/api/tenant/devices?pageSize=3&page=1").json();
        assertEquals(1, second.get("data").size());
        assertFalse(second.get("hasNext").asBoolean());
        JsonNode searched = rest.get("/api/tenant/devices?pageSize=10&page=0&textSearch=ALPHA&sortProperty=name"
            + "&sortOrder=DESC").json();
        assertEquals(2, searched.get("totalElements").asInt());
        assertEquals("Alphabet", searched.get("data").get(0).get("name").asText());
        TbRestClient.Reply badOrder = rest.get("/api/tenant/devices?pageSize=10&page=0&sortOrder=UP");
        assertEquals(400, badOrder.status());
        assertEquals("Unsupported sort order 'UP'! Only 'ASC' or 'DESC' types are allowed.", badOrder.message());
    }

    @Test
    void aSaveWithAStaleVersionIs409AndAFreshOneKeepsTheLabel() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("versioned");
        ((ObjectNode) device).put("label", "kitchen");
        JsonNode saved = rest.post("/api/device", device.toString()).json();
        assertEquals("kitchen", saved.get("label").asText());
        assertEquals(2, saved.get("version").asInt());
        TbRestClient.Reply stale = rest.post("/api/device", device.toString());
        assertEquals(409, stale.status());
        assertEquals(35, stale.json().get("errorCode").asInt());
        assertNotEquals(device.get("version"), rest.get("/api/device/" + id(device)).json().get("version"));
    }

    private static String id(JsonNode device) {
        return device.get("id").get("id").asText();
    }
}
