package io.tbmock.server;

import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.testing.LogCapture;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The doors racing each other: a test deletes or resets while devices publish, a device is taken over in the
 * middle of an OTA download, RPCs are sent while the device reconnects. No exception escapes, nothing is
 * logged as a failure, nothing is journaled for a device that no longer exists (beyond the DISCONNECT that
 * says it was deleted), and every wait completes or times out.
 */
class RacesTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void nothingLoggedAsAFailure() {
        pool.shutdownNow();
        logs.close();
        assertEquals(List.of(), logs.warningsAndStackTraces());
    }

    @Test
    void deletingADeviceWhileItPublishesJournalsNothingForItAfterItsDisconnect() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        MqttDevice device = connect("T1");
        Future<Integer> publishing = pool.submit(() -> publishUntilClosed(device));
        tb.awaitTelemetry("dev-1", "n", WAIT);
        tb.deleteDevice("dev-1");
        long deletedAt = tb.stats().lastSeq();
        assertTrue(device.awaitConnectionLost());
        publishing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        device.close();
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1"))); // the name again: a new device
        try (MqttDevice again = connect("T1")) {
            again.publish("v1/devices/me/telemetry", "{\"again\":1}", 1);
        }
        List<Event> after = tb.events(EventFilter.all().device("dev-1").after(deletedAt)).events();
        List<EventType> beforeTheNewOne = after.stream().takeWhile(e -> e.type() != EventType.CONNECT)
            .map(Event::type).toList();
        assertTrue(beforeTheNewOne.equals(List.of()) || beforeTheNewOne.equals(List.of(EventType.DISCONNECT)),
            "after the delete, only the old session's DISCONNECT: " + after);
        assertFalse(tb.latestTelemetry("dev-1").containsKey("n"), "the new device has nothing of the old one");
    }

    @Test
    void resetUnderLoadLeavesNoSessionOrEventOfTheDevicesItForgot() throws Exception {
        List<MqttDevice> devices = new ArrayList<>();
        List<Future<Integer>> publishing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tb.createDevice(NewDevice.named("dev-" + i).credentials(token("T" + i)));
            MqttDevice device = connect("T" + i);
            devices.add(device);
            publishing.add(pool.submit(() -> publishUntilClosed(device)));
        }
        AtomicBoolean reconnecting = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        // A device that keeps connecting while the reset runs, and after it until the reset has refused it: the
        // reset can fall between one CONNECT and the next, and the race is what this is about.
        Future<?> reconnects = pool.submit(() -> {
            while (reconnecting.get() || refused.get() == 0) {
                try (MqttDevice device = connect("T0")) {
                    device.publish("v1/devices/me/telemetry", "{\"r\":1}", 1);
                } catch (Exception refusedOrClosed) {
                    refused.incrementAndGet();
                }
            }
            return null;
        });
        tb.awaitTelemetry("dev-7", "n", WAIT);
        tb.reset();
        reconnecting.set(false);
        reconnects.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS); // times out if the reset never refused it
        for (Future<Integer> published : publishing) {
            published.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        devices.forEach(MqttDevice::close);
        assertEquals(0, tb.stats().devices());
        assertEquals(0, tb.stats().connectedDevices(), "no session outlived the reset");
        // Refused CONNECTs after the reset are journaled, with no device: its credentials are unknown now.
        assertEquals(List.of(), tb.events(EventFilter.all()).events().stream().filter(e -> e.device() != null).toList(),
            "nothing journaled for the devices the reset forgot");
    }

    @Test
    void rpcsSentWhileTheDeviceReconnectsAllEnd() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        AtomicBoolean going = new AtomicBoolean(true);
        Future<?> flapping = pool.submit(() -> {
            while (going.get()) {
                try (MqttDevice device = connect("T1")) {
                    device.subscribe(1, "v1/devices/me/rpc/request/+");
                    for (int i = 0; i < 3; i++) {
                        MqttDevice.Received request = device.nextMessageOrNull(Duration.ofMillis(50));
                        if (request != null) {
                            device.publish(request.topic().replace("request", "response"), "{\"ok\":true}", 1);
                        }
                    }
                }
            }
            return null;
        });
        List<CompletableFuture<ServerRpc>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(tb.sendRpcAsync("dev-1", RpcRequest.twoWay("ping").timeout(Duration.ofSeconds(2))));
        }
        for (CompletableFuture<ServerRpc> call : calls) {
            ServerRpc done = call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(done.status().isFinal(done.oneway()), "ended, whatever its outcome: " + done);
        }
        going.set(false);
        flapping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aTakeoverInTheMiddleOfAnOtaDownloadLetsTheNewSessionFinishIt() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        byte[] firmware = new byte[64 * 1024];
        new Random(7).nextBytes(firmware);
        OtaPackage pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "2"), firmware);
        tb.assignOtaPackage("dev-1", pkg.id());
        MqttDevice first = connect("T1");
        first.subscribe(1, "v2/fw/response/+/chunk/+");
        for (int chunk = 0; chunk < 4; chunk++) {
            first.publish("v2/fw/request/1/chunk/" + chunk, "4096", 1);
        }
        first.publishAsync("v2/fw/request/1/chunk/4", "4096", 1);
        try (MqttDevice second = connect("T1")) { // the device rebooted mid-download
            assertTrue(first.awaitConnectionLost(), "the first session is taken over");
            second.subscribe(1, "v2/fw/response/+/chunk/+");
            ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
            for (int chunk = 0; chunk < 16; chunk++) {
                second.publish("v2/fw/request/2/chunk/" + chunk, "4096", 1);
                MqttDevice.Received received = second.nextMessage();
                assertEquals("v2/fw/response/2/chunk/" + chunk, received.topic());
                downloaded.writeBytes(received.bytes());
            }
            assertArrayEquals(firmware, downloaded.toByteArray());
        } finally {
            first.close();
        }
    }

    /** Publishes numbered telemetry at QoS 1 until the connection goes; returns how many were acknowledged. */
    private static int publishUntilClosed(MqttDevice device) {
        int n = 0;
        try {
            while (true) {
                device.publish("v1/devices/me/telemetry", "{\"n\":" + n + "}", 1);
                n++;
            }
        } catch (Exception closed) {
            return n;
        }
    }
}
