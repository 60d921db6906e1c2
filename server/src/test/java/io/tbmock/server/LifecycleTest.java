package io.tbmock.server;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.testing.RawMqtt;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start and stop: devices find the starting state in place from their first CONNECT; a stopped server's handle
 * fails at once and ends what waited, instead of hanging or throwing from inside.
 */
class LifecycleTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    private static TbMockServer start() {
        return TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(TbMockOptions.DISABLED)
            .bindAddress("127.0.0.1").build());
    }

    @Test
    void aDeviceThatConnectsWhileTheStartingStateIsMadeIsAcceptedOnceItIs() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CompletableFuture<Void> setupCalled = new CompletableFuture<>();
        CompletableFuture<Void> deviceMayBeMade = new CompletableFuture<>();
        MockSetup setup = tb -> {
            setupCalled.complete(null);
            return deviceMayBeMade.thenRun(() -> tb.createDevice(NewDevice.named("early").credentials(token("T1"))));
        };
        CompletableFuture<TbMockServer> started = CompletableFuture.supplyAsync(() -> TbMockServer.start(
            TbMockOptions.builder().mqttPort(port).mqttsPort(TbMockOptions.DISABLED).bindAddress("127.0.0.1")
                .setup(setup).build()));
        setupCalled.get(10, TimeUnit.SECONDS); // the port is bound by now
        try (RawMqtt device = new RawMqtt(port)) {
            device.send(MqttMessageBuilders.connect().clientId("early").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).hasUser(true).username("T1").keepAlive(60).build());
            device.assertSilentFor(Duration.ofMillis(500)); // not refused for a device not made yet
            deviceMayBeMade.complete(null);
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, device.readBytes(4),
                "a device whose CONNECT arrived before its device was made is accepted, not refused with code 5");
        } finally {
            deviceMayBeMade.complete(null);
            started.get(10, TimeUnit.SECONDS).stop();
        }
    }

    @Test
    void afterStopEveryCallFailsAtOnceSayingTheServerIsStopped() {
        TbMockServer server = start();
        TbMock tb = server.mock();
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        server.stop();
        List<Consumer<TbMock>> calls = List.of(
            mock -> mock.devices(),
            mock -> mock.createDevice(NewDevice.named("dev-2")),
            mock -> mock.reset(),
            mock -> mock.sendRpc("dev-1", RpcRequest.twoWay("m")),
            mock -> mock.awaitTelemetry("dev-1", "t", LONG),
            mock -> mock.eventsAsync(EventFilter.all(), LONG),
            mock -> mock.stats());
        for (Consumer<TbMock> call : calls) {
            TbMockException failure = assertThrows(ServerStoppedException.class, () -> call.accept(tb));
            assertTrue(failure.getMessage().startsWith("the tbmock server is stopped"), failure.getMessage());
        }
    }

    @Test
    void stopEndsTheWaitsInProgressAndTheUnfinishedRpcs() throws Exception {
        TbMockServer server = start();
        TbMock tb = server.mock();
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        CompletableFuture<?> poll = tb.eventsAsync(EventFilter.all().type(EventType.CLAIM), LONG);
        CompletableFuture<Void> telemetry = CompletableFuture.runAsync(() -> tb.awaitTelemetry("dev-1", "t", LONG));
        CompletableFuture<ServerRpc> rpc = tb.sendRpcAsync("dev-1", RpcRequest.twoWay("m").timeout(LONG));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (tb.stats().pendingWaits() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the blocking wait, on its own thread, has registered
        }
        assertEquals(2, tb.stats().pendingWaits());
        server.stop();
        for (CompletableFuture<?> wait : List.of(poll, telemetry)) {
            ExecutionException ended = assertThrows(ExecutionException.class, () -> wait.get(10, TimeUnit.SECONDS));
            assertInstanceOf(ServerStoppedException.class, ended.getCause());
            assertEquals("the tbmock server stopped", ended.getCause().getMessage());
        }
        ServerRpc failed = rpc.get(10, TimeUnit.SECONDS);
        assertEquals(RpcStatus.FAILED, failed.status());
        assertEquals("the tbmock server stopped", failed.error());
    }
}
