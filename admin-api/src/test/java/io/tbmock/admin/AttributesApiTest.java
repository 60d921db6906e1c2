package io.tbmock.admin;

import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared attributes set and deleted over HTTP, pushed to the device. */
class AttributesApiTest extends RunningAdminServer {

    @BeforeEach
    void device() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
    }

    @Test
    void setAndDeletePushToASubscribedDevice() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            AdminClient.Reply set = api.post("/admin/devices/dev-1/attributes/shared",
                "{\"targetTemperature\":21.5,\"mode\":\"eco\",\"schedule\":{\"on\":\"07:00\"}}");
            assertEquals(200, set.status());
            assertEquals(json("{\"pushed\":true}"), set.body());
            assertEquals(json("{\"targetTemperature\":21.5,\"mode\":\"eco\",\"schedule\":{\"on\":\"07:00\"}}"),
                json(device.nextMessage().payload()));

            AdminClient.Reply deleted = api.delete("/admin/devices/dev-1/attributes/shared?keys=mode,schedule");
            assertEquals(json("{\"pushed\":true}"), deleted.body());
            assertEquals("{\"deleted\":[\"mode\",\"schedule\"]}", device.nextMessage().payload());
            assertEquals(json("{\"client\":{},\"shared\":{\"targetTemperature\":21.5}}"),
                api.get("/admin/devices/dev-1/attributes").body());
        }
    }

    @Test
    void clientAttributesAreStoredAsIfTheDeviceHadSentThem() throws Exception {
        assertEquals(204, api.post("/admin/devices/dev-1/attributes/client", "{\"fw\":\"1.0\",\"model\":\"X\"}").status());
        assertEquals(AdminClient.json("{\"client\":{\"fw\":1.0,\"model\":\"X\"},\"shared\":{}}"),
            api.get("/admin/devices/dev-1/attributes").body(), "typed as an upload: \"1.0\" is the double 1.0");
        assertEquals(400, api.post("/admin/devices/dev-1/attributes/client", "[1]").status());
        assertEquals(404, api.post("/admin/devices/nobody/attributes/client", "{\"a\":1}").status());
    }

    @Test
    void withoutASubscriptionTheyAreStoredAndNotPushed() throws Exception {
        assertEquals(json("{\"pushed\":false}"), api.post("/admin/devices/dev-1/attributes/shared", "{\"a\":\"1\"}").body());
        assertEquals(json("{\"client\":{},\"shared\":{\"a\":1}}"), api.get("/admin/devices/dev-1/attributes").body());
    }

    @Test
    void badRequestsAre400AndChangeNothing() throws Exception {
        assertEquals(400, api.post("/admin/devices/dev-1/attributes/shared", "[1]").status());
        assertEquals(400, api.post("/admin/devices/dev-1/attributes/shared", "{\"a\":").status());
        assertEquals(400, api.post("/admin/devices/dev-1/attributes/shared", "{}").status());
        assertEquals(400, api.delete("/admin/devices/dev-1/attributes/shared").status());
        assertEquals(404, api.post("/admin/devices/nope/attributes/shared", "{\"a\":1}").status());
        AdminClient.Reply misspelt = api.post("/admin/devices/dev-1/attributes/sharde", "{\"a\":1}");
        assertEquals(404, misspelt.status());
        assertEquals("no attribute scope 'sharde': use client, shared or server", misspelt.body().get("error").asText());
        assertEquals(json("{\"client\":{},\"shared\":{}}"), api.get("/admin/devices/dev-1/attributes").body());
    }
}
