package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Firmware and software OTA over HTTP, with a device downloading over MQTT. */
class OtaApiTest extends RunningAdminServer {
    private static final byte[] IMAGE = image(10_000);

    @BeforeEach
    void createDevice() throws Exception {
        assertEquals(201, api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}").status());
    }

    @Test
    void aPackageIsUploadedAsRawBytesAssignedDownloadedAndItsProgressShown() throws Exception {
        AdminClient.Reply uploaded = api.post("/admin/ota/packages?title=fw&version=1.1&type=FIRMWARE"
            + "&checksumAlgorithm=SHA256", IMAGE);
        assertEquals(201, uploaded.status());
        String id = uploaded.body().get("id").asText();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(IMAGE));
        assertEquals(json("{\"id\":\"" + id + "\",\"title\":\"fw\",\"version\":\"1.1\",\"type\":\"FIRMWARE\","
            + "\"size\":10000,\"checksum\":\"" + sha256 + "\",\"checksumAlgorithm\":\"SHA256\",\"tag\":null,"
            + "\"url\":null}"), uploaded.body());
        assertEquals(json("[" + uploaded.body() + "]"), api.get("/admin/ota/packages").body());
        assertEquals(uploaded.body(), api.get("/admin/ota/packages/" + id).body());
        AdminClient.Reply unknown = api.get("/admin/ota/packages/nope");
        assertEquals(404, unknown.status());
        assertEquals("no OTA package with id 'nope'", unknown.body().get("error").asText());

        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            AdminClient.Reply assigned = api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + id + "\"}");
            assertEquals(json("{\"packageId\":\"" + id + "\",\"type\":\"FIRMWARE\",\"pushed\":true}"), assigned.body());
            assertEquals("{\"deleted\":[\"fw_tag\",\"fw_url\"]}", device.nextMessage().payload());
            assertTrue(device.nextMessage().payload().contains("\"fw_checksum\":\"" + sha256 + "\""));

            CompletableFuture<AdminClient.Reply> updated = api.getAsync("/admin/devices/dev-1/ota?state=UPDATED&waitMs=10000");
            device.publish("v1/devices/me/telemetry", "{\"fw_state\":\"DOWNLOADING\"}", 1);
            device.publish("v2/fw/request/1/chunk/0", "6000", 1);
            byte[] first = device.nextMessage().bytes();
            device.publish("v2/fw/request/1/chunk/1", "6000", 1);
            byte[] second = device.nextMessage().bytes();
            assertArrayEquals(IMAGE, concat(first, second));
            device.publish("v1/devices/me/telemetry", "{\"fw_state\":\"DOWNLOADED\"}", 1);
            device.publish("v1/devices/me/telemetry", "{\"fw_state\":\"UPDATED\"}", 1);

            AdminClient.Reply progress = updated.get();
            assertEquals(200, progress.status());
            assertEquals(json("{\"firmware\":{\"packageId\":\"" + id + "\",\"title\":\"fw\",\"version\":\"1.1\","
                + "\"chunksServed\":2,\"bytesServed\":10000,\"states\":[\"QUEUED\",\"INITIATED\",\"DOWNLOADING\","
                + "\"DOWNLOADED\",\"UPDATED\"]},\"software\":null}"), progress.body());
        }
        assertEquals(2, api.get("/admin/events?type=OTA_CHUNK").body().get("events").size());
    }

    @Test
    void softwareAndAGivenChecksumAndAUrlPackage() throws Exception {
        JsonNode software = api.post("/admin/ota/packages?title=app&version=2&type=SOFTWARE&checksumAlgorithm=CRC32"
            + "&checksum=00000000&tag=beta", IMAGE).body();
        assertEquals("SOFTWARE", software.get("type").asText());
        assertEquals("00000000", software.get("checksum").asText(), "a wrong checksum is kept, to test verification");
        assertEquals("beta", software.get("tag").asText());
        JsonNode url = api.post("/admin/ota/packages?title=fw&version=9&url=https://example.com/fw.bin", new byte[0]).body();
        assertEquals("https://example.com/fw.bin", url.get("url").asText());
        assertTrue(url.get("size").isNull());
        assertTrue(url.get("checksumAlgorithm").isNull());

        api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + software.get("id").asText() + "\"}");
        JsonNode progress = api.get("/admin/devices/dev-1/ota").body();
        assertTrue(progress.get("firmware").isNull());
        assertEquals(json("[\"QUEUED\",\"INITIATED\"]"), progress.get("software").get("states"));
        assertEquals(json("{\"pushed\":false}"), api.delete("/admin/devices/dev-1/ota?type=SOFTWARE").body());
        assertTrue(api.get("/admin/devices/dev-1/ota").body().get("software").isNull());
    }

    @Test
    void badUploadsAre400AndDuplicates409() throws Exception {
        for (String query : new String[] {"?version=1", "?title=fw", "?title=fw&version=1&type=BOOTLOADER",
            "?title=fw&version=1&checksumAlgorithm=SHA1"}) {
            AdminClient.Reply reply = api.post("/admin/ota/packages" + query, IMAGE);
            assertEquals(400, reply.status(), query);
            assertFalse(reply.body().get("error").asText().isEmpty());
        }
        assertEquals(400, api.post("/admin/ota/packages?title=fw&version=1", new byte[0]).status(), "no bytes");
        assertEquals(201, api.post("/admin/ota/packages?title=fw&version=1", IMAGE).status());
        assertEquals(409, api.post("/admin/ota/packages?title=fw&version=1", IMAGE).status());
        assertEquals(1, api.get("/admin/ota/packages").body().size());
    }

    @Test
    void anAssignedPackageCannotBeDeletedUntilUnassigned() throws Exception {
        String id = api.post("/admin/ota/packages?title=fw&version=1", IMAGE).body().get("id").asText();
        api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + id + "\"}");
        assertEquals(409, api.delete("/admin/ota/packages/" + id).status());
        assertEquals(200, api.delete("/admin/devices/dev-1/ota").status());
        assertEquals(204, api.delete("/admin/ota/packages/" + id).status());
        assertEquals(404, api.delete("/admin/ota/packages/" + id).status());
    }

    @Test
    void badAssignmentsAreRefused() throws Exception {
        String id = api.post("/admin/ota/packages?title=fw&version=1", IMAGE).body().get("id").asText();
        assertEquals(404, api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"nope\"}").status());
        assertEquals(404, api.post("/admin/devices/ghost/ota", "{\"packageId\":\"" + id + "\"}").status());
        assertEquals(400, api.post("/admin/devices/dev-1/ota", "{}").status());
        assertEquals(400, api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + id + "\",\"fault\":{}}").status());
        assertEquals(400, api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + id + "\",\"faults\":{\"explode\":1}}")
            .status());
        assertEquals(400, api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + id + "\",\"faults\":"
            + "{\"corruptChunk\":-1}}").status());
        AdminClient.Reply tooSlow = api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + id + "\",\"faults\":"
            + "{\"chunkDelayMs\":600001}}");
        assertEquals(400, tooSlow.status());
        assertTrue(tooSlow.body().get("error").asText().contains("'faults.chunkDelayMs' must be from 0 to 600000 ms"),
            tooSlow.body().toString());
        assertTrue(api.get("/admin/devices/dev-1/ota").body().get("firmware").isNull(), "nothing assigned");
    }

    @Test
    void faultsGivenOnTheAssignmentReachTheDevice() throws Exception {
        String id = api.post("/admin/ota/packages?title=fw&version=1", IMAGE).body().get("id").asText();
        assertEquals(200, api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + id + "\","
            + "\"faults\":{\"corruptChunk\":1,\"chunkDelayMs\":10}}").status());
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v2/fw/request/1/chunk/1", "1000", 1);
            assertFalse(Arrays.equals(Arrays.copyOfRange(IMAGE, 1000, 2000), device.nextMessage().bytes()));
            device.publish("v2/fw/request/1/chunk/1", "1000", 1);
            assertArrayEquals(Arrays.copyOfRange(IMAGE, 1000, 2000), device.nextMessage().bytes());
        }
    }

    @Test
    void waitingForAStateThatNeverComesIs504() throws Exception {
        String id = api.post("/admin/ota/packages?title=fw&version=1", IMAGE).body().get("id").asText();
        api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + id + "\"}");
        AdminClient.Reply reply = api.get("/admin/devices/dev-1/ota?state=UPDATED&waitMs=200");
        assertEquals(504, reply.status());
        assertTrue(reply.body().get("error").asText().contains("[QUEUED, INITIATED]"), reply.body().toString());
        assertEquals(400, api.get("/admin/devices/dev-1/ota?waitMs=200").status(), "waitMs without state");
        assertEquals(400, api.get("/admin/devices/dev-1/ota?state=UPDATED&type=BOOT").status());
        AdminClient.Reply unknown = api.get("/admin/devices/dev-1/ota?state=UPDATE&waitMs=60000");
        assertEquals(400, unknown.status(), "refused at once, not after the wait");
        assertEquals("no OTA state 'UPDATE': ThingsBoard's are QUEUED, INITIATED, DOWNLOADING, DOWNLOADED, VERIFIED, "
            + "UPDATING, UPDATED, FAILED", unknown.body().get("error").asText());
    }

    private static byte[] image(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return data;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
