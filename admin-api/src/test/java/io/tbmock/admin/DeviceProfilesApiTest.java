package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.testing.DeviceSchemas;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.Test;
import tbmock.test.presence.TelemetryPresence.PostTelemetry;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device profiles' MQTT transport through the admin API and ThingsBoard's REST API (docs/device-profiles.md): saved,
 * shown the same through both doors, refused with ThingsBoard's messages, and served to the devices of the profile
 * (custom topics as ThingsBoard's MqttAttributesUpdatesIntegrationTest…OnCustomTopic sets them up; protobuf).
 */
class DeviceProfilesApiTest extends RunningAdminServer {

    private static ObjectNode protobufProfile(String name) {
        ObjectNode body = (ObjectNode) AdminClient.json("{\"name\":\"" + name + "\",\"transportType\":\"MQTT\",\"transportConfiguration\":"
            + "{\"type\":\"MQTT\",\"transportPayloadTypeConfiguration\":{\"transportPayloadType\":\"PROTOBUF\"}}}");
        ((ObjectNode) body.at("/transportConfiguration/transportPayloadTypeConfiguration"))
            .put("deviceTelemetryProtoSchema", DeviceSchemas.text("telemetry_presence.proto"))
            .put("deviceAttributesProtoSchema", DeviceSchemas.text("attributes.proto"));
        return body;
    }

    @Test
    void aProfileIsSavedListedServedAndDeleted() throws Exception {
        AdminClient.Reply saved = api.post("/admin/device-profiles", protobufProfile("sensor").toString());
        assertEquals(200, saved.status(), saved.body().toString());
        JsonNode payload = saved.body().at("/transportConfiguration/transportPayloadTypeConfiguration");
        assertTrue(payload.get("deviceRpcRequestProtoSchema").asText().contains("message RpcRequestMsg"),
            "ThingsBoard's default RPC schema filled in");
        assertEquals("v1/devices/me/telemetry", saved.body().at("/transportConfiguration/deviceTelemetryTopic").asText());
        assertEquals(saved.body(), api.get("/admin/device-profiles/sensor").body());
        assertEquals(1, api.get("/admin/device-profiles").body().size());

        api.post("/admin/devices", "{\"name\":\"s1\",\"type\":\"sensor\",\"credentials\":{\"token\":\"S1\"}}");
        byte[] bytes = PostTelemetry.newBuilder().setKey4(7).build().toByteArray();
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "S1")) {
            device.publish("v1/devices/me/telemetry", bytes, 1);
        }
        assertEquals(7, api.get("/admin/devices/s1/telemetry/latest").body().get("key4").asInt());
        JsonNode event = api.get("/admin/events?type=TELEMETRY").body().get("events").get(0);
        assertEquals(AdminClient.json("{\"key4\":7}"), event.get("payload"), "decoded");
        assertArrayEquals(bytes, Base64.getDecoder().decode(event.get("payloadBase64").asText()), "and raw");

        assertEquals(204, api.delete("/admin/device-profiles/sensor").status());
        assertEquals(404, api.delete("/admin/device-profiles/sensor").status());
        assertEquals(404, api.get("/admin/device-profiles/sensor").status());
    }

    @Test
    void badProfilesAre400WithThingsBoardsMessageForASchema() throws Exception {
        ObjectNode badSchema = protobufProfile("p");
        ((ObjectNode) badSchema.at("/transportConfiguration/transportPayloadTypeConfiguration"))
            .put("deviceAttributesProtoSchema", "syntax = \"proto3\";\noption java_package = \"x\";\nmessage M { optional int32 a = 1; }");
        AdminClient.Reply refused = api.post("/admin/device-profiles", badSchema.toString());
        assertEquals(400, refused.status());
        assertEquals("[Transport Configuration] invalid attributes proto schema provided! Schema options don't support!",
            refused.body().get("error").asText());
        for (String body : new String[] {"{\"transportType\":\"MQTT\"}", "{\"name\":\"p\",\"transport\":\"MQTT\"}",
            "{\"name\":\"p\",\"transportConfiguration\":{\"type\":\"MQTT\",\"deviceTelemetryTopics\":\"x\"}}",
            "{\"name\":\"p\",\"transportConfiguration\":{\"type\":\"MQTT\",\"sparkplug\":true}}",
            "{\"name\":\"p\",\"transportConfiguration\":{\"type\":\"MQTT\",\"transportPayloadTypeConfiguration\":"
                + "{\"transportPayloadType\":\"XML\"}}}"}) {
            assertEquals(400, api.post("/admin/device-profiles", body).status(), body);
        }
        assertEquals(0, api.get("/admin/device-profiles").body().size(), "nothing saved");
    }

    @Test
    void aThingsBoardRestProfileWithCustomTopicsServesItsDevices() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        TbRestClient.Reply saved = rest.post("/api/deviceProfile", "{\"name\":\"custom\",\"type\":\"DEFAULT\","
            + "\"transportType\":\"MQTT\",\"profileData\":{\"configuration\":{\"type\":\"DEFAULT\"},"
            + "\"transportConfiguration\":{\"type\":\"MQTT\",\"deviceTelemetryTopic\":\"sensors/+/telemetry\","
            + "\"deviceAttributesTopic\":\"sensors/attributes\",\"deviceAttributesSubscribeTopic\":\"sensors/updates/#\"}}}");
        assertEquals(200, saved.status(), saved.text());
        assertEquals("MQTT", api.get("/admin/device-profiles/custom").body().get("transportType").asText(), "one core");
        JsonNode shown = rest.get("/api/deviceProfile/" + saved.json().get("id").get("id").asText()).json();
        assertEquals("JSON", shown.at("/profileData/transportConfiguration/transportPayloadTypeConfiguration"
            + "/transportPayloadType").asText(), "ThingsBoard's defaults filled in");

        rest.post("/api/device?accessToken=C1", "{\"name\":\"c1\",\"deviceProfileId\":" + saved.json().get("id") + "}");
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "C1")) {
            device.publish("sensors/room-1/telemetry", "{\"temperature\":21}", 1);
            device.publish("sensors/attributes", "{\"fw\":\"v2\"}", 1);
            device.publish("v1/devices/me/telemetry", "{\"replaced\":1}", 1);
            assertEquals(1, device.subscribe(1, "sensors/updates/all")[0], "the profile's subscribe filter");
            api.post("/admin/devices/c1/attributes/shared", "{\"target\":5}");
            MqttDevice.Received update = device.nextMessage();
            assertEquals("v1/devices/me/attributes", update.topic(), "pushed on the v1 topic all the same");
            assertEquals("{\"target\":5}", update.payload());
        }
        JsonNode latest = api.get("/admin/devices/c1/telemetry/latest").body();
        assertEquals(21, latest.get("temperature").asInt());
        assertFalse(latest.has("replaced"), "the v1 topic is no telemetry topic any more");
        assertEquals("v2", api.get("/admin/devices/c1/attributes/client").body().get(0).get("value").asText());
    }

    @Test
    void aThingsBoardRestProfileWithABadSchemaIsRefusedWithItsMessage() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        TbRestClient.Reply refused = rest.post("/api/deviceProfile", "{\"name\":\"proto\",\"type\":\"DEFAULT\","
            + "\"transportType\":\"MQTT\",\"profileData\":{\"transportConfiguration\":{\"type\":\"MQTT\","
            + "\"transportPayloadTypeConfiguration\":{\"transportPayloadType\":\"PROTOBUF\","
            + "\"deviceTelemetryProtoSchema\":\"" + escaped(DeviceSchemas.text("telemetry_presence.proto"))
            + "\",\"deviceAttributesProtoSchema\":\"syntax = \\\"proto2\\\";\\nmessage A { required int32 a = 1; }\"}}}}");
        assertEquals(400, refused.status());
        assertEquals(31, refused.json().get("errorCode").asInt());
        assertEquals("[Transport Configuration] invalid schema syntax: proto2 for attributes proto schema provided! "
            + "Only proto3 allowed!", refused.message());
        assertEquals(0, api.get("/admin/device-profiles").body().size());
    }

    @Test
    void aProfileSavedThroughTheAdminApiShowsInThingsBoardsRestApi() throws Exception {
        api.post("/admin/device-profiles", protobufProfile("sensor").toString());
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode page = rest.get("/api/deviceProfiles?pageSize=10&page=0&textSearch=sensor").json();
        JsonNode profile = rest.get("/api/deviceProfile/" + page.at("/data/0/id/id").asText()).json();
        assertEquals("MQTT", profile.get("transportType").asText());
        assertEquals("PROTOBUF", profile.at("/profileData/transportConfiguration/transportPayloadTypeConfiguration"
            + "/transportPayloadType").asText());
    }

    private static String escaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
