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
 * Devices and credentials (docs/thingsboard-rest.md §3) in the call sequences of ThingsBoard's black-box MQTT tests
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

    @Test
    void savingADeviceWithANewNameRenamesItAndTellsItsGateway() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode gateway = rest.post("/api/device?accessToken=GW_TOKEN", "{\"name\":\"gw\",\"type\":\"gateway\","
            + "\"additionalInfo\":{\"gateway\":true}}").json();
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, "GW_TOKEN")) {
            mqtt.subscribe(1, "v1/devices/me/rpc/request/+");
            mqtt.publish("v1/gateway/connect", "{\"device\":\"Child A\",\"type\":\"thermometer\"}", 1);
            ObjectNode child = (ObjectNode) rest.get("/api/tenant/devices?deviceName=Child%20A").json();
            assertEquals(id(gateway), child.at("/additionalInfo/lastConnectedGateway").asText());

            child.put("name", "Child B");
            TbRestClient.Reply renamed = rest.post("/api/device", child.toString());
            assertEquals(200, renamed.status(), renamed.text());
            assertEquals("Child B", renamed.json().get("name").asText());
            assertEquals(id(child), id(renamed.json()));
            MqttDevice.Received notice = mqtt.nextMessage();
            assertEquals(TbRestClient.json("{\"method\":\"gateway_device_renamed\",\"params\":{\"Child A\":\"Child B\"}}"),
                TbRestClient.json(notice.payload()));
            assertEquals(404, rest.get("/api/tenant/devices?deviceName=Child%20A").status());
            assertEquals("Child B", api.get("/admin/device-ids/" + id(child)).body().get("name").asText());

            assertEquals(200, rest.delete("/api/device/" + id(child)).status());
            assertEquals(TbRestClient.json("{\"method\":\"gateway_device_deleted\",\"params\":\"Child B\"}"),
                TbRestClient.json(mqtt.nextMessage().payload()));
        }
        JsonNode other = rest.createDevice("other");
        ((ObjectNode) other).put("name", "gw");
        assertEquals("Device with such name already exists!", rest.post("/api/device", other.toString()).message());
        ((ObjectNode) other).put("name", "");
        assertEquals("Device name should be specified!", rest.post("/api/device", other.toString()).message());
    }

    @Test
    void typesDevicesByIdsAndCountsWithoutOtaAreServed() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode a = rest.createDevice("a");
        JsonNode b = rest.post("/api/device", "{\"name\":\"b\",\"type\":\"thermostat\"}").json();
        JsonNode types = rest.get("/api/device/types").json();
        assertEquals(2, types.size(), types.toString());
        assertEquals("DEFAULT", types.at("/0/type").asText());
        assertEquals("thermostat", types.at("/1/type").asText());
        assertEquals("DEVICE", types.at("/0/entityType").asText());
        assertEquals("TENANT", types.at("/0/tenantId/entityType").asText());

        String unknown = "0c0a2f0e-6c35-4e8c-9a3c-5c0b7e7ad2d1";
        JsonNode byIds = rest.get("/api/devices?deviceIds=" + id(a) + "," + id(b) + "," + unknown).json();
        assertEquals(2, byIds.size(), "an unknown id is left out");
        assertEquals("Invalid UUID string: x", rest.get("/api/devices?deviceIds=x").message());

        String profileId = a.get("deviceProfileId").get("id").asText();
        assertEquals("1", rest.get("/api/devices/count/FIRMWARE/" + profileId).text());
        assertEquals(400, rest.get("/api/devices/count/BOOTLOADER/" + profileId).status());
    }

    @Test
    void theConnectivityCommandsPublishAsTheDeviceToThisServer() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.post("/api/device?accessToken=CONN_TOKEN", "{\"name\":\"connected\",\"type\":\"DEFAULT\"}")
            .json();
        JsonNode commands = rest.get("/api/device-connectivity/" + id(device)).json();
        String mqtt = commands.at("/mqtt/mqtt").asText();
        assertEquals("mosquitto_pub -d -q 1 -h 127.0.0.1 -p " + mqttPort + " -t v1/devices/me/telemetry -u \"CONN_TOKEN\""
            + " -m \"{temperature:25}\"", mqtt);
        assertEquals("curl -f -S -o ca-root.pem http://127.0.0.1:" + admin.port()
            + "/api/device-connectivity/mqtts/certificate/download", commands.at("/mqtt/mqtts/0").asText());
        assertTrue(commands.at("/mqtt/mqtts/1").asText().contains("--cafile ca-root.pem -h 127.0.0.1 -p " + mqttsPort),
            commands.toString());
        assertTrue(commands.at("/mqtt/docker/mqtt").asText().startsWith("docker run --rm -it "
            + "--add-host=host.docker.internal:host-gateway thingsboard/mosquitto-clients mosquitto_pub"), commands.toString());
        assertEquals("curl -v -X POST http://127.0.0.1:" + admin.port() + "/api/v1/CONN_TOKEN/telemetry --header "
            + "Content-Type:application/json --data \"{temperature:25}\"", commands.at("/http/http").asText(),
            "ThingsBoard's DeviceConnectivityControllerTest asserts this text");

        TbRestClient anonymous = new TbRestClient(admin.port());
        TbRestClient.Reply ca = anonymous.get("/api/device-connectivity/mqtts/certificate/download");
        assertEquals(200, ca.status(), "open, as the command that fetches it carries no token");
        assertEquals(server.mock().caCertificatePem(), ca.text());
        assertEquals(404, anonymous.get("/api/device-connectivity/coaps/certificate/download").status());

        // What the command sends, sent: the lenient payload is taken, as ThingsBoard takes it.
        try (MqttDevice publisher = MqttDevice.connectWithToken(mqttPort, "CONN_TOKEN")) {
            assertEquals(0, publisher.publish("v1/devices/me/telemetry", "{temperature:25}", 1));
        }
        assertEquals(25, api.get("/admin/devices/connected/telemetry/latest").body().get("temperature").asInt());
    }

    private static String id(JsonNode device) {
        return device.get("id").get("id").asText();
    }
}
