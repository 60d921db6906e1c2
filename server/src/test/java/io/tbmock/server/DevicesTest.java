package io.tbmock.server;

import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Setting devices up through the Java API. */
class DevicesTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aDeviceWithoutCredentialsGetsATwentyCharacterToken() throws Exception {
        Device device = tb.createDevice(NewDevice.named("dev-1"));
        String generated = ((DeviceCredentials.AccessToken) device.credentials()).token();
        assertTrue(generated.matches("[A-Za-z0-9]{20}"), generated);
        assertEquals("default", device.type());
        assertFalse(device.gateway());
        try (MqttDevice mqtt = MqttDevice.connectWithToken(port, generated)) {
            assertTrue(mqtt.isConnected());
            assertTrue(tb.awaitConnected("dev-1", WAIT).connected());
            assertTrue(tb.device("dev-1").connected());
        }
    }

    @Test
    void namesAndCredentialsAreUnique() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        assertThrows(ConflictException.class, () -> tb.createDevice(NewDevice.named("dev-1").credentials(token("T2"))));
        assertThrows(ConflictException.class, () -> tb.createDevice(NewDevice.named("dev-2").credentials(token("T1"))));
        assertEquals(List.of("dev-1"), tb.devices().stream().map(Device::name).collect(Collectors.toList()));
    }

    @Test
    void invalidDevicesAreRefusedNamingTheField() {
        assertEquals("name", assertThrows(InvalidRequestException.class,
            () -> tb.createDevice(NewDevice.named(" "))).field());
        assertEquals("credentials.token", assertThrows(InvalidRequestException.class,
            () -> tb.createDevice(NewDevice.named("d").credentials(token("")))).field());
    }

    @Test
    void devicesAreListedOldestFirst() {
        tb.createDevice(NewDevice.named("b"));
        tb.createDevice(NewDevice.named("a").type("thermostat").gateway(true));
        List<Device> devices = tb.devices();
        assertEquals(List.of("b", "a"), devices.stream().map(Device::name).collect(Collectors.toList()));
        assertEquals("thermostat", devices.get(1).type());
        assertTrue(devices.get(1).gateway());
    }

    @Test
    void unknownDevicesAreNotFound() {
        assertThrows(NotFoundException.class, () -> tb.device("nope"));
        assertThrows(NotFoundException.class, () -> tb.telemetry("nope"));
        assertThrows(NotFoundException.class, () -> tb.deleteDevice("nope"));
    }

    @Test
    void theSessionShowsClientIdProtocolAndSubscriptions() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        assertEquals(SessionInfo.DISCONNECTED, tb.session("dev-1"));
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            SessionInfo session = tb.session("dev-1");
            assertTrue(session.connected());
            assertEquals(device.clientId(), session.clientId());
            assertEquals(4, session.protocolVersion());
            assertEquals(List.of("v1/devices/me/rpc/request/+"), session.subscriptions());
            assertTrue(session.connectedAt() > 0);
        }
    }

    @Test
    void deletingADeviceClosesItsSessionAndRefusesItsCredentials() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            tb.awaitConnected("dev-1", WAIT);
            tb.deleteDevice("dev-1");
            assertTrue(device.awaitConnectionLost());
            assertEquals("the device was deleted",
                tb.awaitEvent(EventFilter.all().type(EventType.DISCONNECT), WAIT).error());
            assertEquals(5, MqttDevice.refusalCode(port, MqttDevice.options().username("T1")));
        }
    }

    @Test
    void disconnectClosesTheConnectionLikeANetworkFault() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        assertThrows(ConflictException.class, () -> tb.disconnect("dev-1"));
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            tb.awaitConnected("dev-1", WAIT);
            tb.disconnect("dev-1");
            assertTrue(device.awaitConnectionLost());
            try (MqttDevice again = MqttDevice.connectWithToken(port, "T1")) {
                assertTrue(again.isConnected(), "the device may reconnect at once");
            }
        }
    }
}
