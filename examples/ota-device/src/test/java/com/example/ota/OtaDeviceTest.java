package com.example.ota;

import io.tbmock.junit5.TbMockExtension;
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

/** The OTA device against tbmock: a clean update, and one whose first download has a corrupted chunk. */
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
