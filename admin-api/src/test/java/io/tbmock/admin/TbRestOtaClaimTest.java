package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OTA packages uploaded as ThingsBoard's clients upload them and assigned through a device's {@code firmwareId}
 * (docs/thingsboard-rest.md §7); claiming by a customer (§8); a gateway's children through its relations (§9).
 */
class TbRestOtaClaimTest extends RunningAdminServer {
    private static final byte[] IMAGE = "firmware image bytes ".repeat(100).getBytes(StandardCharsets.UTF_8);
    private static final String BOUNDARY = "tbmockBoundary";

    @Test
    void aFirmwareInfoThenItsDataThenAssignedThroughTheDevicePushesItsAttributes() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("ota_device");
        TbRestClient.Reply info = rest.post("/api/otaPackage", "{\"title\":\"fw\",\"version\":\"1.0\",\"type\":\"FIRMWARE\","
            + "\"deviceProfileId\":" + device.get("deviceProfileId") + ",\"tag\":\"fw 1.0\"}");
        assertEquals(200, info.status(), info.text());
        assertFalse(info.json().get("hasData").asBoolean());
        String id = info.json().get("id").get("id").asText();

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(IMAGE));
        TbRestClient.Reply wrong = rest.post("/api/otaPackage/" + id + "?checksumAlgorithm=SHA256&checksum=00ff",
            "multipart/form-data; boundary=" + BOUNDARY, multipart("fw.bin", IMAGE));
        assertEquals(400, wrong.status());
        assertEquals("Wrong otaPackage file!", wrong.message());
        TbRestClient.Reply uploaded = rest.post("/api/otaPackage/" + id + "?checksumAlgorithm=sha256",
            "multipart/form-data; boundary=" + BOUNDARY, multipart("fw.bin", IMAGE));
        assertEquals(200, uploaded.status(), uploaded.text());
        assertTrue(uploaded.json().get("hasData").asBoolean());
        assertEquals("fw.bin", uploaded.json().get("fileName").asText());
        assertEquals(sha256, uploaded.json().get("checksum").asText());
        assertEquals(IMAGE.length, uploaded.json().get("dataSize").asInt());
        assertEquals("Updating otaPackage data is prohibited!", rest.post("/api/otaPackage/" + id
            + "?checksumAlgorithm=SHA256", "multipart/form-data; boundary=" + BOUNDARY, multipart("fw.bin", IMAGE)).message());

        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(device))) {
            mqtt.subscribe(1, "v1/devices/me/attributes");
            ((ObjectNode) device).set("firmwareId", info.json().get("id"));
            TbRestClient.Reply saved = rest.post("/api/device", device.toString());
            assertEquals(200, saved.status(), saved.text());
            assertEquals(id, saved.json().get("firmwareId").get("id").asText());
            mqtt.nextMessage(); // the deletion of the keys this package does not have (fw_url)
            String attributes = mqtt.nextMessage().payload();
            assertTrue(attributes.contains("\"fw_title\":\"fw\"") && attributes.contains("\"fw_checksum\":\"" + sha256 + "\""),
                attributes);
            mqtt.publish("v2/fw/request/1/chunk/0", String.valueOf(IMAGE.length), 1);
            assertArrayEquals(IMAGE, mqtt.nextMessage().bytes());
        }
        assertEquals(1, rest.get("/api/otaPackages?pageSize=10&page=0").json().get("totalElements").asInt());

        ObjectNode other = (ObjectNode) rest.createDevice("other");
        other.set("softwareId", info.json().get("id"));
        assertEquals("Can't assign software with type: FIRMWARE", rest.post("/api/device", other.toString()).message());
    }

    @Test
    void aCustomerClaimsADeviceWithTheSecretItSentOverMqtt() throws Exception {
        TbRestClient tenant = TbRestClient.loggedIn(admin.port());
        JsonNode device = tenant.createDevice("claimable");
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, tenant.accessToken(device))) {
            mqtt.publish("v1/devices/me/claim", "{\"secretKey\":\"value\",\"durationMs\":60000}", 1);
        }
        assertEquals(403, tenant.post("/api/customer/device/claimable/claim", "{\"secretKey\":\"value\"}").status(),
            "only customers claim");
        TbRestClient customer = new TbRestClient(admin.port());
        customer.login("customer@thingsboard.org", "customer");
        TbRestClient.Reply wrong = customer.post("/api/customer/device/claimable/claim", "{\"secretKey\":\"nope\"}");
        assertEquals(400, wrong.status());
        assertEquals("\"FAILURE\"", wrong.text());
        TbRestClient.Reply claimed = customer.post("/api/customer/device/claimable/claim", "{\"secretKey\":\"value\"}");
        assertEquals(200, claimed.status());
        assertEquals("SUCCESS", claimed.json().get("response").asText());
        String customerId = claimed.json().get("device").get("customerId").get("id").asText();
        assertEquals(TbRestClient.json(customer.get("/api/auth/user").text()).get("customerId").get("id").asText(),
            customerId);
        assertEquals("\"CLAIMED\"", customer.post("/api/customer/device/claimable/claim", "{\"secretKey\":\"value\"}").text());
        assertEquals(404, customer.post("/api/customer/device/nobody/claim", "{\"secretKey\":\"value\"}").status());

        assertEquals(200, tenant.delete("/api/customer/device/claimable/claim").status());
        assertEquals("13814000-1dd2-11b2-8080-808080808080",
            tenant.get("/api/device/" + device.get("id").get("id").asText()).json().get("customerId").get("id").asText());
    }

    @Test
    void aGatewaysChildrenAreFoundThroughItsCreatedRelations() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode gateway = rest.post("/api/device?accessToken=", "{\"name\":\"gw\",\"type\":\"gateway\","
            + "\"additionalInfo\":{\"gateway\":true}}").json();
        try (MqttDevice mqtt = MqttDevice.connectWithToken(mqttPort, rest.accessToken(gateway))) {
            mqtt.publish("v1/gateway/connect", "{\"device\":\"child_1\"}", 1);
        }
        JsonNode relations = rest.get("/api/relations?fromId=" + gateway.get("id").get("id").asText()
            + "&fromType=DEVICE&relationTypeGroup=COMMON").json();
        assertEquals(1, relations.size());
        assertEquals("Created", relations.get(0).get("type").asText());
        assertEquals(gateway.get("id"), relations.get(0).get("from"));
        JsonNode child = rest.get("/api/device/" + relations.get(0).get("to").get("id").asText()).json();
        assertEquals("child_1", child.get("name").asText());
        assertEquals(gateway.get("id").get("id").asText(), child.at("/additionalInfo/lastConnectedGateway").asText());

        assertEquals(200, rest.delete("/api/device/" + child.get("id").get("id").asText()).status());
        assertEquals(404, rest.get("/api/device/" + child.get("id").get("id").asText()).status());
    }

    /** A multipart form with the part {@code file}, as the python client and curl -F send it. */
    private static byte[] multipart(String fileName, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }
}
