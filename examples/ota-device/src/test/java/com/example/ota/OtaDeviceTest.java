package com.example.ota;

import io.tbmock.junit5.TbMockExtension;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OTA device against tbmock: a clean update, one whose first download has a corrupted chunk, and the failures a
 * device must ride out (tbmock's faults): a dropped connection mid-download, a server restart, a rate limit.
 */
class OtaDeviceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static TbMockExtension tb = TbMockExtension.builder().device("sensor-1", token("T1")).tls(false).build();

    @TempDir
    Path firmwareDir;

    @Test
    void downloadsVerifiesInstallsAndReportsEachState() throws Exception {
        byte[] image = image(100_000);
        OtaPackage fw = tb.mock().uploadOtaPackage(NewOtaPackage.firmware("sensor-fw", "1.1"), image);
        try (OtaDevice device = new OtaDevice(tb.mqttUri().toString(), "T1", firmwareDir)) {
            CompletableFuture<Path> installed = update(device);
            tb.mock().assignOtaPackage("sensor-1", fw.id());
            OtaProgress done = tb.mock().awaitFirmwareState("sensor-1", "UPDATED", WAIT);
            assertEquals(List.of("QUEUED", "INITIATED", "DOWNLOADING", "DOWNLOADED", "VERIFIED", "UPDATING", "UPDATED"),
                done.states());
            assertEquals(25, done.chunksServed(), "100 000 bytes in 4 KiB chunks");
            assertArrayEquals(image, Files.readAllBytes(installed.get(30, TimeUnit.SECONDS)));
            // "1.1" is typed as ThingsBoard types it: the double 1.1
            assertEquals("1.1", tb.mock().latestTelemetry("sensor-1").get("current_fw_version").toString());
        }
    }

    @Test
    void aCorruptedChunkFailsTheChecksumAndTheDeviceDownloadsAgain() throws Exception {
        byte[] image = image(20_000);
        OtaPackage fw = tb.mock().uploadOtaPackage(NewOtaPackage.firmware("sensor-fw", "1.2"), image);
        try (OtaDevice device = new OtaDevice(tb.mqttUri().toString(), "T1", firmwareDir)) {
            CompletableFuture<Path> installed = update(device);
            tb.mock().assignOtaPackage("sensor-1", fw.id(), OtaFaults.NONE.corruptChunk(2));
            OtaProgress done = tb.mock().awaitFirmwareState("sensor-1", "UPDATED", WAIT);
            assertEquals(List.of("QUEUED", "INITIATED", "DOWNLOADING", "DOWNLOADED", "FAILED", "DOWNLOADING",
                "DOWNLOADED", "VERIFIED", "UPDATING", "UPDATED"), done.states());
            assertArrayEquals(image, Files.readAllBytes(installed.get(30, TimeUnit.SECONDS)));
        }
    }

    /** The server drops the connection once chunk 2 is sent (a CLOSE fault): the device reconnects and resumes. */
    @Test
    void aDownloadTheServerDropsIsResumedAfterTheReconnect() throws Exception {
        byte[] image = image(20_000);
        OtaPackage fw = tb.mock().uploadOtaPackage(NewOtaPackage.firmware("sensor-fw", "1.3"), image);
        tb.mock().addFault(NewFault.closeAtOtaChunk("sensor-1", 2));
        try (OtaDevice device = new OtaDevice(tb.mqttUri().toString(), "T1", firmwareDir)) {
            CompletableFuture<Path> installed = update(device);
            tb.mock().assignOtaPackage("sensor-1", fw.id());
            tb.mock().awaitFirmwareState("sensor-1", "UPDATED", WAIT);
            assertArrayEquals(image, Files.readAllBytes(installed.get(30, TimeUnit.SECONDS)));
        }
        assertEquals(2, connects(), "connected again after the drop");
    }

    /** The server restarts (down 1 s) while the device waits for work: the device comes back and updates. */
    @Test
    void aDeviceComesBackAfterAServerRestart() throws Exception {
        byte[] image = image(8_000);
        OtaPackage fw = tb.mock().uploadOtaPackage(NewOtaPackage.firmware("sensor-fw", "1.4"), image);
        try (OtaDevice device = new OtaDevice(tb.mqttUri().toString(), "T1", firmwareDir)) {
            CompletableFuture<Path> installed = update(device);
            tb.mock().awaitConnected("sensor-1", WAIT);
            tb.mock().addFault(NewFault.restart(1000, false));
            tb.mock().awaitEvent(EventFilter.all().device("sensor-1").type(EventType.CONNECT).after(lastConnect()), WAIT);
            tb.mock().assignOtaPackage("sensor-1", fw.id());
            tb.mock().awaitFirmwareState("sensor-1", "UPDATED", WAIT);
            assertArrayEquals(image, Files.readAllBytes(installed.get(30, TimeUnit.SECONDS)));
        }
    }

    /**
     * ThingsBoard's message rate limit (a RATE_LIMIT fault) cuts the device off mid-download, and refuses it while the
     * limit is spent; the device backs off, comes back, and finishes.
     */
    @Test
    void aDeviceOverItsRateLimitBacksOffAndFinishes() throws Exception {
        byte[] image = image(40_000);
        OtaPackage fw = tb.mock().uploadOtaPackage(NewOtaPackage.firmware("sensor-fw", "1.5"), image);
        tb.mock().addFault(NewFault.rateLimit("sensor-1", "8:1", null, null));
        try (OtaDevice device = new OtaDevice(tb.mqttUri().toString(), "T1", firmwareDir)) {
            CompletableFuture<Path> installed = update(device);
            tb.mock().assignOtaPackage("sensor-1", fw.id());
            tb.mock().awaitFirmwareState("sensor-1", "UPDATED", Duration.ofSeconds(60));
            assertArrayEquals(image, Files.readAllBytes(installed.get(30, TimeUnit.SECONDS)));
        }
        assertTrue(tb.mock().faults().get(0).fired() > 0, "the limit bit: " + tb.mock().faults());
    }

    private static long connects() {
        return tb.mock().events(EventFilter.all().device("sensor-1").type(EventType.CONNECT)).events().size();
    }

    private static long lastConnect() {
        List<Event> connects = tb.mock().events(EventFilter.all().device("sensor-1").type(EventType.CONNECT)).events();
        return connects.get(connects.size() - 1).seq();
    }

    private static CompletableFuture<Path> update(OtaDevice device) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return device.updateOnce(WAIT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static byte[] image(int size) {
        byte[] image = new byte[size];
        new Random(size).nextBytes(image);
        return image;
    }
}
