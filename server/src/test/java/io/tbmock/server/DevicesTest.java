package io.tbmock.server;

import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.testing.JsonAssert;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    void aRenamedDeviceKeepsItsIdCredentialsSessionAndData() throws Exception {
        Device created = tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"before\":1}", 1);
            Device renamed = tb.renameDevice("dev-1", "dev-one");
            assertEquals(created.id(), renamed.id());
            assertEquals(created.credentials(), renamed.credentials());
            assertTrue(renamed.connected(), "the session stays");
            device.publish("v1/devices/me/telemetry", "{\"after\":2}", 1);
            assertEquals(Map.of("before", KvValue.of(1), "after", KvValue.of(2)), tb.latestTelemetry("dev-one"));
            Event rename = tb.awaitEvent(EventFilter.all().device("dev-one").type(EventType.RENAMED), WAIT);
            JsonAssert.assertJsonEquals("{\"oldName\":\"dev-1\",\"newName\":\"dev-one\"}", rename.payload());
            assertEquals(Direction.OUT, rename.direction());
            Event after = tb.awaitEvent(EventFilter.all().type(EventType.TELEMETRY).after(rename.seq()), WAIT);
            assertEquals("dev-one", after.device(), "later events carry the new name");
            assertThrows(NotFoundException.class, () -> tb.device("dev-1"));
            assertEquals(List.of("dev-one"), tb.devices().stream().map(Device::name).toList());
        }
    }

    @Test
    void aRenameToATakenOrBlankNameIsRefusedAndChangesNothing() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        tb.createDevice(NewDevice.named("dev-2").credentials(token("T2")));
        assertThrows(ConflictException.class, () -> tb.renameDevice("dev-1", "dev-2"));
        assertThrows(InvalidRequestException.class, () -> tb.renameDevice("dev-1", " "));
        assertThrows(NotFoundException.class, () -> tb.renameDevice("nope", "dev-3"));
        assertEquals(List.of("dev-1", "dev-2"), tb.devices().stream().map(Device::name).toList());
        assertEquals("dev-1", tb.renameDevice("dev-1", "dev-1").name(), "the same name: nothing to do");
        assertEquals(0, tb.events(EventFilter.all().type(EventType.RENAMED)).events().size());
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
