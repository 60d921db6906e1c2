package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.Test;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provision profiles over HTTP, and devices provisioning themselves against them. */
class ProvisioningApiTest extends RunningAdminServer {

    @Test
    void profilesAreCreatedListedAndDeleted() throws Exception {
        AdminClient.Reply created = api.post("/admin/provision-profiles", "{\"name\":\"esp32\",\"provisionDeviceKey\":\"k\","
            + "\"provisionDeviceSecret\":\"s\",\"strategy\":\"CHECK_PRE_PROVISIONED_DEVICES\"}");
        assertEquals(201, created.status());
        assertEquals(json("{\"name\":\"esp32\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\","
            + "\"strategy\":\"CHECK_PRE_PROVISIONED_DEVICES\"}"), created.body());
        assertEquals(json("[" + created.body() + "]"), api.get("/admin/provision-profiles").body());
        assertEquals(409, api.post("/admin/provision-profiles",
            "{\"name\":\"esp32\",\"provisionDeviceKey\":\"k2\",\"provisionDeviceSecret\":\"s\"}").status());
        assertEquals(409, api.post("/admin/provision-profiles",
            "{\"name\":\"other\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\"}").status());
        assertEquals(204, api.delete("/admin/provision-profiles/esp32").status());
        assertEquals(404, api.delete("/admin/provision-profiles/esp32").status());
    }

    @Test
    void badProfilesAre400() throws Exception {
        for (String body : new String[] {"{\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\"}",
            "{\"name\":\"p\",\"provisionDeviceSecret\":\"s\"}", "{\"name\":\"p\",\"provisionDeviceKey\":\"k\"}",
            "{\"name\":\"p\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\",\"strategy\":\"SOMETIMES\"}",
            "{\"name\":\"p\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\",\"provisionStrategy\":\"x\"}"}) {
            AdminClient.Reply reply = api.post("/admin/provision-profiles", body);
            assertEquals(400, reply.status(), body);
        }
        assertEquals(0, api.get("/admin/provision-profiles").body().size());
    }

    @Test
    void aDeviceProvisionsItselfAndShowsWhoProvisionedIt() throws Exception {
        api.post("/admin/provision-profiles", "{\"name\":\"esp32\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\","
            + "\"strategy\":\"ALLOW_CREATE_NEW_DEVICES\"}");
        try (MqttDevice device = MqttDevice.connect(mqttPort, MqttDevice.options().username("provision"))) {
            device.publish("/provision/request",
                "{\"deviceName\":\"sensor-7\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\"}", 1);
            assertTrue(device.nextMessage().payload().contains("\"status\":\"SUCCESS\""));
        }
        JsonNode device = api.get("/admin/devices/sensor-7").body();
        assertEquals("esp32", device.get("provisionedBy").asText());
        assertEquals("esp32", device.get("type").asText());
        JsonNode events = api.get("/admin/events?type=PROVISION_REQUEST,PROVISION_RESPONSE").body().get("events");
        assertEquals(2, events.size());
        assertEquals("SUCCESS", events.get(1).get("payload").get("status").asText());
    }

    @Test
    void aDeviceIsPreProvisionedInAProfile() throws Exception {
        api.post("/admin/provision-profiles", "{\"name\":\"factory\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\","
            + "\"strategy\":\"CHECK_PRE_PROVISIONED_DEVICES\"}");
        AdminClient.Reply created = api.post("/admin/devices",
            "{\"name\":\"pre-1\",\"credentials\":{\"token\":\"PRE\"},\"provisionProfile\":\"factory\"}");
        assertEquals("factory", created.body().get("provisionProfile").asText());
        assertTrue(created.body().get("provisionedBy").isNull());
        assertEquals(404, api.post("/admin/devices", "{\"name\":\"pre-2\",\"provisionProfile\":\"nope\"}").status());

        try (MqttDevice device = MqttDevice.connect(mqttPort, MqttDevice.options().clientId("provision"))) {
            device.publish("/provision/request",
                "{\"deviceName\":\"pre-1\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\"}", 1);
            assertEquals("{\"credentialsValue\":\"PRE\",\"credentialsType\":\"ACCESS_TOKEN\",\"status\":\"SUCCESS\"}",
                device.nextMessage().payload());
        }
        assertEquals("factory", api.get("/admin/devices/pre-1").body().get("provisionedBy").asText());
    }
}
