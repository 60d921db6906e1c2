package io.tbmock.server;

import com.google.common.hash.Hashing;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.tbmock.server.model.ChecksumAlgorithm;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.OtaProgress;
import io.tbmock.testing.ConnectedDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.JsonAssert;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RawMqtt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.zip.CRC32;

import static io.tbmock.testing.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Firmware and software OTA (docs/thingsboard-mqtt.md §10), as a device's update code drives it. */
@ForEachProtocol
class OtaTest extends ConnectedDevice {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] ONE_MB = bytes(1024 * 1024, 1);

    OtaTest(MqttProtocol protocol) {
        super(protocol);
    }

    /** The whole update as a device does it: attributes, 4 KB chunks, its own checksum check, its states. */
    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void aDeviceDownloadsAMegabyteIn4KbChunksAndVerifiesTheChecksum(ChecksumAlgorithm algorithm) throws Exception {
        OtaPackage pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1.1").checksumAlgorithm(algorithm), ONE_MB);
        device.subscribe(1, "v1/devices/me/attributes");
        // QoS 0 as update code does: a PUBACK per chunk would meet Nagle and delayed ACKs on the client's socket
        device.subscribe(0, "v2/fw/response/+/chunk/+");
        tb.assignOtaPackage(DEVICE, pkg.id());
        assertEquals("{\"deleted\":[\"fw_tag\",\"fw_url\"]}", device.nextMessage().payload());
        JsonAssert.assertJsonEquals("{\"fw_title\":\"fw\",\"fw_version\":\"1.1\",\"fw_size\":1048576,"
            + "\"fw_checksum_algorithm\":\"" + algorithm + "\",\"fw_checksum\":\"" + pkg.checksum() + "\"}",
            device.nextMessage().payload());

        device.publish("v1/devices/me/telemetry", "{\"fw_state\":\"DOWNLOADING\"}", 1);
        byte[] downloaded = download(device, "fw", "7", 4096);
        assertArrayEquals(ONE_MB, downloaded);
        assertEquals(independentChecksum(algorithm, downloaded), pkg.checksum());
        device.publish("v1/devices/me/telemetry", "{\"fw_state\":\"DOWNLOADED\"}", 1);
        device.publish("v1/devices/me/telemetry", "{\"fw_state\":\"UPDATED\",\"current_fw_version\":\"1.1\"}", 1);

        OtaProgress progress = tb.awaitFirmwareState(DEVICE, "UPDATED", WAIT);
        assertEquals(256, progress.chunksServed());
        assertEquals(1024 * 1024, progress.bytesServed());
        assertEquals(List.of("QUEUED", "INITIATED", "DOWNLOADING", "DOWNLOADED", "UPDATED"), progress.states());
    }

    @Test
    void assignmentWritesTheTargetTelemetryAndATagWhenThereIsOne() throws Exception {
        OtaPackage pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "2.0").tag("stable"), bytes(100, 2));
        device.subscribe(1, "v1/devices/me/attributes");
        tb.assignOtaPackage(DEVICE, pkg.id());
        assertEquals("{\"deleted\":[\"fw_url\"]}", device.nextMessage().payload());
        assertTrue(device.nextMessage().payload().contains("\"fw_tag\":\"stable\""));
        Map<String, KvValue> latest = tb.latestTelemetry(DEVICE);
        assertEquals(KvValue.of("fw"), latest.get("target_fw_title"));
        assertEquals(KvValue.of("2.0"), latest.get("target_fw_version"));
        assertEquals(KvValue.of("stable"), latest.get("target_fw_tag"));
        assertNotNull(latest.get("target_fw_ts"));
        assertEquals(KvValue.of("INITIATED"), latest.get("fw_state"));
    }

    @Test
    void aUrlPackageNamesItsUrlAndHasNoChunks() throws Exception {
        OtaPackage pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "3.0").url("https://example.com/fw.bin")
            .checksumAlgorithm(null), new byte[0]);
        device.subscribe(1, "v1/devices/me/attributes");
        tb.assignOtaPackage(DEVICE, pkg.id());
        assertEquals("{\"deleted\":[\"fw_tag\",\"fw_size\",\"fw_checksum_algorithm\",\"fw_checksum\"]}",
            device.nextMessage().payload());
        assertJsonEquals("{\"fw_title\":\"fw\",\"fw_version\":\"3.0\",\"fw_url\":\"https://example.com/fw.bin\"}",
            device.nextMessage().payload());
        assertEquals(List.of("v2/fw/error FAILURE"), answerBeforeClose("v2/fw/request/1/chunk/0", "4096"));
    }

    @Test
    void unassigningDeletesTheNineKeysInThingsBoardsOrder() throws Exception {
        OtaPackage pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), bytes(10, 3));
        tb.assignOtaPackage(DEVICE, pkg.id());
        device.subscribe(1, "v1/devices/me/attributes");
        assertTrue(tb.unassignOtaPackage(DEVICE, OtaPackageType.FIRMWARE));
        assertEquals("{\"deleted\":[\"fw_title\",\"fw_version\",\"fw_ts\",\"fw_state\",\"fw_size\",\"fw_checksum\","
            + "\"fw_checksum_algorithm\",\"fw_url\",\"fw_tag\"]}", device.nextMessage().payload());
        assertTrue(tb.otaProgress(DEVICE, OtaPackageType.FIRMWARE).isEmpty());
    }

    @Test
    void chunkRulesEmptyPayloadPastTheEndAndTheWholeFile() throws Exception {
        byte[] data = bytes(10_000, 4);
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), data).id());
        assertArrayEquals(data, chunk("v2/fw/request/1/chunk/0", ""), "no size yet: the whole file");
        assertArrayEquals(slice(data, 4096, 8192), chunk("v2/fw/request/2/chunk/1", "4096"));
        assertArrayEquals(slice(data, 8192, 10_000), chunk("v2/fw/request/2/chunk/2", ""), "the size given before");
        assertArrayEquals(new byte[0], chunk("v2/fw/request/2/chunk/3", ""), "past the end: empty");
        assertEquals("v2/fw/response/2/chunk/3", tb.events(EventFilter.all().type(EventType.OTA_CHUNK)).events()
            .get(3).topic());
    }

    @Test
    void thePubackComesFirstThenTheChunk() throws Exception {
        byte[] data = bytes(100, 14);
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), data).id());
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken(TOKEN);
            raw.publish("v2/fw/request/5/chunk/0", "60", 1);
            raw.expect(MqttMessageType.PUBACK);
            MqttPublishMessage chunk = (MqttPublishMessage) raw.expect(MqttMessageType.PUBLISH);
            assertEquals("v2/fw/response/5/chunk/0", chunk.variableHeader().topicName());
            assertEquals(1, chunk.fixedHeader().qosLevel().value(), "QoS 1 without a subscription");
            assertArrayEquals(slice(data, 0, 60), ByteBufUtil.getBytes(chunk.payload()));
        }
    }

    @Test
    void softwareComesOnSwTopics() throws Exception {
        byte[] data = bytes(5000, 5);
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.software("app", "9"), data).id());
        device.publish("v2/sw/request/3/chunk/0", "1000", 1);
        MqttDevice.Received chunk = device.nextMessage();
        assertEquals("v2/sw/response/3/chunk/0", chunk.topic());
        assertArrayEquals(slice(data, 0, 1000), chunk.bytes());
    }

    @Test
    void aRequestIdKeepsItsPackageForTheConnectionWhenReassigned() throws Exception {
        byte[] first = bytes(3000, 6);
        byte[] second = bytes(3000, 7);
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), first).id());
        assertArrayEquals(slice(first, 0, 1000), chunk("v2/fw/request/1/chunk/0", "1000"));
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "2"), second).id());
        assertArrayEquals(slice(first, 1000, 2000), chunk("v2/fw/request/1/chunk/1", ""), "same request id: old package");
        assertArrayEquals(slice(second, 0, 1000), chunk("v2/fw/request/2/chunk/0", "1000"), "new request id: new one");
    }

    @Test
    void aChunkSizeOverTheLimitIsPayloadTooLargeThenClose() throws Exception {
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), bytes(10, 8)).id());
        assertEquals(List.of("v2/fw/error PAYLOAD_TOO_LARGE"), answerBeforeClose("v2/fw/request/1/chunk/0", "65537"));
    }

    @Test
    void withoutAPackageTheErrorIsNotFoundEvenForSoftware() throws Exception {
        assertEquals(List.of("v2/fw/error NOT_FOUND"), answerBeforeClose("v2/sw/request/1/chunk/0", "1024"));
    }

    @Test
    void aChunkSizeThatIsNotANumberClosesTheSession() throws Exception {
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), bytes(10, 9)).id());
        assertEquals(List.of(), answerBeforeClose("v2/fw/request/1/chunk/0", "four k"));
    }

    @Test
    void aCorruptedChunkIsCorruptOnlyTheFirstTime() throws Exception {
        byte[] data = bytes(4000, 10);
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), data).id(),
            OtaFaults.NONE.corruptChunk(2));
        assertArrayEquals(slice(data, 1000, 2000), chunk("v2/fw/request/1/chunk/1", "1000"));
        byte[] corrupted = chunk("v2/fw/request/1/chunk/2", "");
        assertEquals(1000, corrupted.length);
        assertFalse(Arrays.equals(slice(data, 2000, 3000), corrupted), "chunk 2 corrupted");
        assertArrayEquals(slice(data, 2000, 3000), chunk("v2/fw/request/1/chunk/2", ""), "the retry gets it right");
    }

    @Test
    void theConnectionDropsAfterTheFaultyChunkOnce() throws Exception {
        byte[] data = bytes(4000, 11);
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), data).id(),
            OtaFaults.NONE.dropAfterChunk(1));
        // A raw socket sees every byte before the close; Paho may drop a message that lands just before it.
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken(TOKEN);
            raw.publish("v2/fw/request/1/chunk/1", "1000", 1);
            Queue<MqttMessage> beforeClose = raw.awaitClosed();
            MqttPublishMessage chunk = beforeClose.stream().filter(MqttPublishMessage.class::isInstance)
                .map(MqttPublishMessage.class::cast).findFirst().orElseThrow();
            assertEquals("v2/fw/response/1/chunk/1", chunk.variableHeader().topicName());
            assertArrayEquals(slice(data, 1000, 2000), ByteBufUtil.getBytes(chunk.payload()),
                "the chunk arrives, then the connection drops");
        }
        try (MqttDevice again = connect(TOKEN)) {
            again.publish("v2/fw/request/2/chunk/1", "1000", 1);
            assertArrayEquals(slice(data, 1000, 2000), again.nextMessage().bytes(), "the retry");
            again.publish("v2/fw/request/2/chunk/2", "1000", 1);
            assertArrayEquals(slice(data, 2000, 3000), again.nextMessage().bytes());
            assertTrue(again.isConnected(), "dropped once only");
        }
    }

    @Test
    void chunksCanBeDelayed() throws Exception {
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), bytes(100, 12)).id(),
            OtaFaults.NONE.chunkDelay(Duration.ofMillis(300)));
        chunk("v2/fw/request/1/chunk/0", "50");
        List<Event> events = tb.events(EventFilter.all().type(EventType.OTA_CHUNK_REQUEST, EventType.OTA_CHUNK)).events();
        assertTrue(events.get(1).ts() - events.get(0).ts() >= 295, "delayed");
    }

    @Test
    void aDelayedChunkForASessionThatClosedIsNeitherSentNorJournaled() throws Exception {
        tb.assignOtaPackage(DEVICE, tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), bytes(100, 12)).id(),
            OtaFaults.NONE.chunkDelay(Duration.ofMillis(300)));
        device.publish("v2/fw/request/1/chunk/0", "50", 1);
        device.close();
        tb.awaitDisconnected(DEVICE, WAIT);
        try (MqttDevice again = connect(TOKEN)) {
            // Timers fire in order: once this later request's chunk arrives, the first one's time has come too.
            again.publish("v2/fw/request/1/chunk/1", "50", 1);
            assertEquals("v2/fw/response/1/chunk/1", again.nextMessage().topic());
        }
        List<Event> sent = tb.events(EventFilter.all().type(EventType.OTA_CHUNK)).events();
        assertEquals(1, sent.size(), "only the chunk of the open session: " + sent);
        assertEquals("v2/fw/response/1/chunk/1", sent.get(0).topic());
    }

    @Test
    void packagesAreValidatedAndProtected() {
        OtaPackage pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1").checksum("deadbeef"), bytes(10, 13));
        assertEquals("deadbeef", pkg.checksum(), "a given checksum is kept, even a wrong one");
        assertThrows(ConflictException.class, () -> tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), bytes(1, 1)));
        assertThrows(InvalidRequestException.class, () -> tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "2"), new byte[0]));
        assertThrows(InvalidRequestException.class, () -> tb.uploadOtaPackage(NewOtaPackage.firmware("", "2"), bytes(1, 1)));
        tb.assignOtaPackage(DEVICE, pkg.id());
        assertThrows(ConflictException.class, () -> tb.deleteOtaPackage(pkg.id()));
        tb.unassignOtaPackage(DEVICE, OtaPackageType.FIRMWARE);
        tb.deleteOtaPackage(pkg.id());
        assertEquals(List.of(), tb.otaPackages());
    }

    /** Requests chunks one after another until an empty or short one, as update code does. */
    static byte[] download(MqttDevice device, String prefix, String requestId, int chunkSize) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int index = 0; ; index++) {
            device.publish("v2/" + prefix + "/request/" + requestId + "/chunk/" + index, String.valueOf(chunkSize), 1);
            MqttDevice.Received chunk = device.nextMessage();
            assertEquals("v2/" + prefix + "/response/" + requestId + "/chunk/" + index, chunk.topic());
            all.writeBytes(chunk.bytes());
            if (chunk.bytes().length < chunkSize) {
                return all.toByteArray();
            }
        }
    }

    /**
     * Sends one request on a raw connection of the device and returns the PUBLISHes ("topic payload") it got
     * until the server closed it, asserting there was no PUBACK. A raw socket sees every byte before the
     * close, where Paho may drop a message that lands just before it.
     */
    private List<String> answerBeforeClose(String topic, String payload) throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken(TOKEN);
            raw.publish(topic, payload, 1);
            Queue<MqttMessage> beforeClose = raw.awaitClosed();
            assertTrue(beforeClose.stream().noneMatch(m -> m.fixedHeader().messageType() == MqttMessageType.PUBACK),
                "no PUBACK");
            return beforeClose.stream().filter(MqttPublishMessage.class::isInstance).map(MqttPublishMessage.class::cast)
                .map(m -> m.variableHeader().topicName() + " " + m.payload().toString(StandardCharsets.UTF_8)).toList();
        }
    }

    private byte[] chunk(String topic, String size) throws Exception {
        device.publish(topic, size, 1);
        MqttDevice.Received chunk = device.nextMessage();
        assertEquals(topic.replace("/request/", "/response/"), chunk.topic());
        return chunk.bytes();
    }

    /** The checksum as a device computes it, with the JDK (Murmur3 through the same Guava ThingsBoard uses). */
    private static String independentChecksum(ChecksumAlgorithm algorithm, byte[] data) throws Exception {
        switch (algorithm) {
            case CRC32: {
                CRC32 crc = new CRC32();
                crc.update(data);
                long value = crc.getValue();
                return String.format("%02x%02x%02x%02x", value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF,
                    (value >> 24) & 0xFF);
            }
            case MURMUR3_32:
                return Hashing.murmur3_32_fixed().hashBytes(data).toString();
            case MURMUR3_128:
                return Hashing.murmur3_128().hashBytes(data).toString();
            default: {
                String name = algorithm == ChecksumAlgorithm.MD5 ? "MD5" : "SHA-" + algorithm.name().substring(3);
                return HexFormat.of().formatHex(MessageDigest.getInstance(name).digest(data));
            }
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] slice(byte[] data, int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }
}
