package io.tbmock.server;

import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.ServerStats;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defaults and limits the core checks for both doors, and what the bounded stores count when they drop. */
class LimitsTest extends RunningServer {

    @Test
    void anRpcWithoutParamsSendsAnEmptyObject() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            tb.submitRpc("dev-1", RpcRequest.oneWay("reboot"));
            assertEquals("{\"method\":\"reboot\",\"params\":{}}", device.nextMessage().payload());
        }
    }

    @Test
    void timeoutsAndDelaysOutsideTheirLimitsAreRefusedNamingTheField() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        assertField("timeoutMs", () -> tb.submitRpc("dev-1",
            RpcRequest.twoWay("m").timeout(RpcRequest.MAX_TIMEOUT.plusMillis(1))));
        assertField("timeoutMs", () -> tb.submitRpc("dev-1", RpcRequest.twoWay("m").timeout(Duration.ZERO)));
        assertField("delayMs", () -> tb.stubClientRpc(ClientRpcStub.method("m").delay(ClientRpcStub.MAX_DELAY.plusMillis(1))));
        assertField("delayMs", () -> tb.stubClientRpc(ClientRpcStub.method("m").delay(Duration.ofMillis(-1))));
        String pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), new byte[] {1}).id();
        assertField("faults.chunkDelayMs", () -> tb.assignOtaPackage("dev-1", pkg,
            OtaFaults.NONE.chunkDelay(OtaFaults.MAX_CHUNK_DELAY.plusMillis(1))));
        assertField("faults.corruptChunk", () -> tb.assignOtaPackage("dev-1", pkg, OtaFaults.NONE.corruptChunk(-1)));
        assertEquals(0, tb.rpcs("dev-1").size(), "nothing was created");
        tb.submitRpc("dev-1", RpcRequest.twoWay("m").timeout(RpcRequest.MAX_TIMEOUT)); // the limit itself is fine
    }

    @Test
    void whatTheBoundedStoresDropIsCounted() throws Exception {
        try (TbMockServer small = TbMockServer.start(TbMockOptions.builder().mqttPort(0)
            .mqttsPort(TbMockOptions.DISABLED).bindAddress("127.0.0.1").maxValuesPerKey(2).journalCapacity(8).build())) {
            TbMock mock = small.mock();
            mock.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
            try (MqttDevice device = MqttDevice.connectWithToken(small.mqttPort(), "T1")) {
                for (int i = 0; i < 12; i++) {
                    device.publish("v1/devices/me/telemetry", "{\"t\":" + i + "}", 1);
                }
                ServerStats stats = mock.stats();
                assertEquals(1, stats.devices());
                assertEquals(1, stats.connectedDevices());
                assertEquals(10, stats.telemetryValuesDropped(), "12 values, 2 kept");
                assertTrue(stats.eventsDropped() >= 4, "13 events, at most 9 kept: " + stats);
                assertEquals(13 - stats.eventsDropped(), stats.events());
                assertEquals(stats.events(), mock.events(EventFilter.all()).events().size());
                mock.resetData();
                assertEquals(0, mock.stats().telemetryValuesDropped());
                assertEquals(0, mock.stats().eventsDropped());
            }
        }
    }

    private static void assertField(String field, Runnable call) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, call::run);
        assertEquals(field, refused.field());
        assertTrue(refused.getMessage().contains("'" + field + "'"), refused.getMessage());
    }
}
