package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Telemetry and attributes read back over HTTP, with ThingsBoard's typing. */
class DataApiTest extends RunningAdminServer {
    private MqttDevice device;

    @BeforeEach
    void connect() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        device = MqttDevice.connectWithToken(mqttPort, "T1");
    }

    @AfterEach
    void disconnect() {
        device.close();
    }

    @Test
    void theReadmeExample() throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"temperature\":25.5}", 1);
        assertEquals(json("{\"temperature\":25.5}"), api.get("/admin/devices/dev-1/telemetry/latest").body());
    }

    @Test
    void everyValueWithItsTimestampOldestFirst() throws Exception {
        device.publish("v1/devices/me/telemetry", "[{\"ts\":1000,\"values\":{\"t\":1,\"h\":\"42\"}},{\"ts\":2000,\"values\":{\"t\":2.5}}]", 1);
        assertEquals(json("{\"t\":[{\"ts\":1000,\"value\":1},{\"ts\":2000,\"value\":2.5}],\"h\":[{\"ts\":1000,\"value\":42}]}"),
            api.get("/admin/devices/dev-1/telemetry").body());
        assertEquals(json("{\"h\":[{\"ts\":1000,\"value\":42}]}"), api.get("/admin/devices/dev-1/telemetry?keys=h").body());
        assertEquals(json("{\"t\":2.5}"), api.get("/admin/devices/dev-1/telemetry/latest?keys=t,missing").body());
    }

    @Test
    void aKeyAskedForTwiceIsAnsweredOnce() throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"a\":1,\"b\":2}", 1);
        AdminClient.Reply latest = api.get("/admin/devices/dev-1/telemetry/latest?keys=a,a");
        assertEquals(200, latest.status(), latest.body().toString());
        assertEquals(json("{\"a\":1}"), latest.body());
        assertEquals(200, api.get("/admin/devices/dev-1/telemetry?keys=b,a,b").status());
    }

    @Test
    void valuesKeepThingsBoardsTyping() throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"long\":73,\"double\":42.0,\"bool\":true,\"text\":\"abc\","
            + "\"json\":{\"nested\":[1,2]},\"big\":12345678901234567890}", 1);
        JsonNode latest = api.get("/admin/devices/dev-1/telemetry/latest").body();
        assertEquals("{\"long\":73,\"double\":42.0,\"bool\":true,\"text\":\"abc\",\"json\":{\"nested\":[1,2]},"
            + "\"big\":\"12345678901234567890\"}", latest.toString());
    }

    @Test
    void attributesBySection() throws Exception {
        device.publish("v1/devices/me/attributes", "{\"firmware\":\"1.2.3\",\"battery\":97}", 1);
        assertEquals(json("{\"client\":{\"firmware\":\"1.2.3\",\"battery\":97},\"shared\":{}}"),
            api.get("/admin/devices/dev-1/attributes").body());
    }

    @Test
    void unknownDevicesAre404() throws Exception {
        for (String path : new String[] {"/telemetry", "/telemetry/latest", "/attributes", "/session"}) {
            AdminClient.Reply reply = api.get("/admin/devices/nope" + path);
            assertEquals(404, reply.status(), path);
            assertEquals(404, reply.body().get("status").asInt());
        }
    }
}
