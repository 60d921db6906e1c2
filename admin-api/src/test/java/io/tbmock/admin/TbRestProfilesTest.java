package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device profiles and the provisioning they drive (docs/thingsboard-rest.md §6), as ThingsBoard's black-box tests set it up
 * (AbstractContainerTest.updateDeviceProfileWithProvisioningStrategy: GET the profile, set the strategy, key and
 * secret, POST it back) and then provision over MQTT (MqttClientTest).
 */
class TbRestProfilesTest extends RunningAdminServer {
    /** What a saved profile must name, as ThingsBoard's validator wants. */
    private static final String TYPES = "\"type\":\"DEFAULT\",\"transportType\":\"DEFAULT\"";

    @Test
    void theDefaultProfileIsThereFromTheStart() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode info = rest.get("/api/deviceProfileInfo/default").json();
        assertEquals("default", info.get("name").asText());
        assertEquals("DEFAULT", info.get("type").asText());
        assertEquals("DEFAULT", info.get("transportType").asText());
        JsonNode profile = rest.get("/api/deviceProfile/" + info.get("id").get("id").asText()).json();
        assertTrue(profile.get("default").asBoolean());
        assertEquals("DISABLED", profile.get("provisionType").asText());
        assertEquals("DISABLED", profile.at("/profileData/provisionConfiguration/type").asText());
        TbRestClient.Reply refused = rest.delete("/api/deviceProfile/" + info.get("id").get("id").asText());
        assertEquals(400, refused.status());
        assertEquals("Deletion of Default Device Profile is prohibited!", refused.message());
    }

    @Test
    void aPreProvisionedDeviceProvisionsOverMqttOnceItsProfileAllowsIt() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("pre_provisioned");
        JsonNode profile = provisioning(rest, device, "CHECK_PRE_PROVISIONED_DEVICES");
        assertEquals("CHECK_PRE_PROVISIONED_DEVICES", profile.get("provisionType").asText());
        assertEquals("test_provision_key", profile.get("provisionDeviceKey").asText());
        assertEquals(1, api.get("/admin/provision-profiles").body().size(), "the core's provisioning, one door");

        String response = provision("{\"deviceName\":\"pre_provisioned\",\"provisionDeviceKey\":\"test_provision_key\","
            + "\"provisionDeviceSecret\":\"test_provision_secret\"}");
        JsonNode answer = TbRestClient.json(response);
        assertEquals("SUCCESS", answer.get("status").asText());
        assertEquals("ACCESS_TOKEN", answer.get("credentialsType").asText());
        assertEquals(rest.accessToken(device), answer.get("credentialsValue").asText());

        JsonNode wrongSecret = TbRestClient.json(provision("{\"deviceName\":\"pre_provisioned\","
            + "\"provisionDeviceKey\":\"test_provision_key\",\"provisionDeviceSecret\":\"nope\"}"));
        assertEquals("NOT_FOUND", wrongSecret.get("status").asText());
    }

    @Test
    void allowCreateNewDevicesMakesADeviceThatIsThenFoundByName() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("template");
        provisioning(rest, device, "ALLOW_CREATE_NEW_DEVICES");
        JsonNode answer = TbRestClient.json(provision("{\"deviceName\":\"brand_new\","
            + "\"provisionDeviceKey\":\"test_provision_key\",\"provisionDeviceSecret\":\"test_provision_secret\"}"));
        assertEquals("SUCCESS", answer.get("status").asText());
        JsonNode created = rest.get("/api/tenant/devices?deviceName=brand_new").json();
        assertEquals("DEFAULT", created.get("type").asText(), "made in the provisioning profile");
        assertEquals(answer.get("credentialsValue").asText(), rest.accessToken(created));

        JsonNode profile = rest.get("/api/deviceProfile/" + device.get("deviceProfileId").get("id").asText()).json();
        ((ObjectNode) profile).put("provisionType", "DISABLED").putNull("provisionDeviceKey");
        assertEquals(200, rest.post("/api/deviceProfile", profile.toString()).status());
        assertEquals(0, api.get("/admin/provision-profiles").body().size());
    }

    @Test
    void aProfileIsKeptWholeAndValidatedAsThingsBoardValidatesIt() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        TbRestClient.Reply created = rest.post("/api/deviceProfile", "{\"name\":\"sensors\",\"type\":\"DEFAULT\","
            + "\"transportType\":\"DEFAULT\",\"description\":\"room sensors\",\"profileData\":{\"configuration\":"
            + "{\"type\":\"DEFAULT\"},\"alarms\":[{\"id\":\"high\",\"alarmType\":\"High temperature\"}]}}");
        assertEquals(200, created.status(), created.text());
        JsonNode saved = rest.get("/api/deviceProfile/" + created.json().get("id").get("id").asText()).json();
        assertEquals("room sensors", saved.get("description").asText());
        assertEquals("High temperature", saved.at("/profileData/alarms/0/alarmType").asText());
        assertEquals(1, saved.get("version").asInt());

        assertEquals("Device profile with such name already exists!",
            rest.post("/api/deviceProfile", "{\"name\":\"sensors\"," + TYPES + "}").message());
        assertEquals("Another default device profile is present in scope of current tenant!",
            rest.post("/api/deviceProfile", "{\"name\":\"other\",\"default\":true," + TYPES + "}").message());

        JsonNode device = rest.post("/api/device", "{\"name\":\"s1\",\"deviceProfileId\":" + saved.get("id") + "}").json();
        assertEquals("sensors", device.get("type").asText());
        TbRestClient.Reply inUse = rest.delete("/api/deviceProfile/" + saved.get("id").get("id").asText());
        assertEquals("The device profile referenced by the devices cannot be deleted!", inUse.message());
        TbRestClient.Reply missing = rest.post("/api/device", "{\"name\":\"s2\",\"deviceProfileId\":"
            + "{\"entityType\":\"DEVICE_PROFILE\",\"id\":\"0c0a2f0e-6c35-4e8c-9a3c-5c0b7e7ad2d1\"}}");
        assertEquals("Device is referencing non existing device profile!", missing.message());

        JsonNode page = rest.get("/api/deviceProfiles?pageSize=10&page=0&textSearch=sens").json();
        assertEquals(1, page.get("totalElements").asInt());
    }

    @Test
    void theValidatorsChecksComeInItsOrderWithItsMessages() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        assertEquals("Device profile name should be specified!", rest.post("/api/deviceProfile", "{}").message());
        assertEquals("Device profile type should be specified!",
            rest.post("/api/deviceProfile", "{\"name\":\"p\"}").message());
        assertEquals("Device profile transport type should be specified!",
            rest.post("/api/deviceProfile", "{\"name\":\"p\",\"type\":\"DEFAULT\"}").message());
        assertEquals("Alarm rule type should be specified!", rest.post("/api/deviceProfile", "{\"name\":\"p\","
            + TYPES + ",\"profileData\":{\"alarms\":[{\"id\":\"a\"}]}}").message());
        assertEquals("Can't create device profile with the same alarm rule types: \"hot\"!", rest.post(
            "/api/deviceProfile", "{\"name\":\"p\"," + TYPES + ",\"profileData\":{\"alarms\":[{\"alarmType\":\"hot\"},"
                + "{\"alarmType\":\"hot\"}]}}").message());

        JsonNode used = rest.post("/api/deviceProfile", "{\"name\":\"used\"," + TYPES + "}").json();
        rest.post("/api/device", "{\"name\":\"d\",\"deviceProfileId\":" + used.get("id") + "}");
        ObjectNode moved = used.deepCopy();
        moved.put("transportType", "MQTT");
        assertEquals("Can't change device profile transport type because devices referenced it!",
            rest.post("/api/deviceProfile", moved.toString()).message());
    }

    @Test
    void aProvisionProfileWithoutKeyOrSecretIsSavedAndProvisionsNothing() throws Exception {
        // ThingsBoard does not check them when saving; a device's request then finds nothing.
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        TbRestClient.Reply saved = rest.post("/api/deviceProfile", "{\"name\":\"open\"," + TYPES
            + ",\"provisionType\":\"ALLOW_CREATE_NEW_DEVICES\",\"provisionDeviceKey\":\"k\",\"profileData\":"
            + "{\"provisionConfiguration\":{\"type\":\"ALLOW_CREATE_NEW_DEVICES\"}}}");
        assertEquals(200, saved.status(), saved.text());
        assertEquals("ALLOW_CREATE_NEW_DEVICES", saved.json().get("provisionType").asText());
        assertEquals("k", rest.get("/api/deviceProfile/" + saved.json().get("id").get("id").asText()).json()
            .get("provisionDeviceKey").asText());
        assertEquals(0, api.get("/admin/provision-profiles").body().size(), "nothing for the core to answer with");
        assertTrue(provision("{\"deviceName\":\"x\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"\"}")
            .contains("NOT_FOUND"));
        TbRestClient.Reply chain = rest.post("/api/deviceProfile", "{\"name\":\"chain\"," + TYPES
            + ",\"provisionType\":\"X509_CERTIFICATE_CHAIN\",\"provisionDeviceKey\":\"CERT\"}");
        assertEquals(200, chain.status(), "saved, as ThingsBoard saves it: " + chain.text());
        assertEquals("Device profile with such certificate already exists!", rest.post("/api/deviceProfile",
            "{\"name\":\"chain2\"," + TYPES + ",\"provisionType\":\"X509_CERTIFICATE_CHAIN\",\"provisionDeviceKey\":\"CERT\"}")
            .message());
    }

    @Test
    void keysAndInfosByIdAreServed() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("keyed");
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            mqtt.publish("v1/devices/me/telemetry", "{\"temperature\":1,\"humidity\":2}", 1);
            mqtt.publish("v1/devices/me/attributes", "{\"fw\":\"1.0\"}", 1);
        }
        String profileId = device.get("deviceProfileId").get("id").asText();
        assertEquals(TbRestClient.json("[\"humidity\",\"temperature\"]"),
            rest.get("/api/deviceProfile/devices/keys/timeseries?deviceProfileId=" + profileId).json());
        JsonNode attributeKeys = rest.get("/api/deviceProfile/devices/keys/attributes").json();
        assertTrue(attributeKeys.toString().contains("\"fw\"") && attributeKeys.toString().contains("\"active\""),
            "every scope, the device state's too: " + attributeKeys);
        String defaultId = rest.get("/api/deviceProfileInfo/default").json().get("id").get("id").asText();
        JsonNode infos = rest.get("/api/deviceProfileInfos?deviceProfileIds=" + profileId + "," + defaultId).json();
        assertEquals(2, infos.size(), infos.toString());
        assertTrue(infos.get(0).has("transportType") && !infos.get(0).has("profileData"), "the short form");
    }

    @Test
    void aResetForgetsProfilesButTheDefaultKeepsItsId() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        String defaultId = rest.get("/api/deviceProfileInfo/default").json().get("id").get("id").asText();
        rest.post("/api/deviceProfile", "{\"name\":\"temporary\"," + TYPES + "}");
        api.post("/admin/reset");
        JsonNode all = rest.get("/api/deviceProfiles?pageSize=10&page=0").json();
        assertEquals(1, all.get("totalElements").asInt());
        assertEquals(defaultId, all.get("data").get(0).get("id").get("id").asText());
    }

    /** What ThingsBoard's tests do: the device's profile, with a strategy, key and secret, saved back. */
    private static JsonNode provisioning(TbRestClient rest, JsonNode device, String strategy) throws Exception {
        ObjectNode profile = (ObjectNode) rest.get("/api/deviceProfile/"
            + device.get("deviceProfileId").get("id").asText()).json();
        profile.put("provisionType", strategy).put("provisionDeviceKey", "test_provision_key");
        ((ObjectNode) profile.get("profileData")).putObject("provisionConfiguration").put("type", strategy)
            .put("provisionDeviceSecret", "test_provision_secret");
        TbRestClient.Reply saved = rest.post("/api/deviceProfile", profile.toString());
        assertEquals(200, saved.status(), saved.text());
        return saved.json();
    }

    private static String provision(String request) throws Exception {
        try (MqttDevice device = MqttDevice.connect(mqttPort, MqttDevice.options().username("provision"))) {
            device.subscribe(1, "/provision/response");
            device.publish("/provision/request", request, 1);
            return device.nextMessage().payload();
        }
    }
}
