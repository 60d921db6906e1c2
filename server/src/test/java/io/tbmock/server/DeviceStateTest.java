package io.tbmock.server;

import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.JsonAssert;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ThingsBoard's device state service as a test suite sees it (DefaultDeviceStateService and its test,
 * DefaultDeviceStateServiceTest): the server-scope attributes {@code active}, {@code lastConnectTime},
 * {@code lastDisconnectTime}, {@code lastActivityTime} and {@code inactivityAlarmTime}, with real MQTT devices.
 */
class DeviceStateTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long DEFAULT_TIMEOUT_MS = 600_000;

    @Test
    void aNewDeviceIsInactiveFromItsCreationAndHasNoTimesYet() {
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        assertEquals(Map.of("active", KvValue.of(false)), server("d1"));
        assertEquals(new DeviceState(false, 0, 0, 0, 0, DEFAULT_TIMEOUT_MS), tb.deviceState("d1"));
    }

    @Test
    void connectingMakesTheDeviceActiveAtOnceWithItsConnectTime() throws Exception {
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        long before = System.currentTimeMillis();
        try (MqttDevice device = connect("T1")) {
            tb.awaitConnected("d1", WAIT);
            DeviceState state = tb.deviceState("d1");
            assertTrue(state.active());
            assertTrue(state.lastConnectTime() >= before, "lastConnectTime is the connect's");
            assertEquals(state.lastConnectTime(), state.lastActivityTime(), "the session's opening is its first activity");
            assertEquals(0, state.lastDisconnectTime());
            Map<String, KvValue> attributes = server("d1");
            assertEquals(KvValue.of(true), attributes.get("active"));
            assertEquals(KvValue.of(state.lastConnectTime()), attributes.get("lastConnectTime"));
            assertEquals(KvValue.of(state.lastActivityTime()), attributes.get("lastActivityTime"));
            assertFalse(attributes.containsKey("lastDisconnectTime"), "written only once it disconnects");
            assertEquals(List.of(), tb.events(EventFilter.all().type(EventType.ACTIVE)).events(),
                "the CONNECT says it: a first activity adds no event");
        }
    }

    @Test
    void disconnectingStampsTheTimeAndLeavesTheDeviceActive() throws Exception {
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        connect("T1").close();
        tb.awaitDisconnected("d1", WAIT);
        DeviceState state = tb.deviceState("d1");
        assertTrue(state.lastDisconnectTime() >= state.lastConnectTime());
        assertEquals(KvValue.of(state.lastDisconnectTime()), server("d1").get("lastDisconnectTime"));
        assertTrue(state.active(), "only the inactivity timeout clears active, not a disconnect");
    }

    @Test
    void aSessionTakenOverLeavesNoDisconnectTime() throws Exception {
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        try (MqttDevice first = connect("T1"); MqttDevice second = connect("T1")) {
            assertTrue(first.awaitConnectionLost(), "the older session is closed");
            tb.awaitEvent(EventFilter.all().device("d1").type(EventType.DISCONNECT), WAIT);
            assertEquals(0, tb.deviceState("d1").lastDisconnectTime(), "the device never was without a session");
            assertTrue(second.isConnected());
        }
    }

    @Test
    void laterActivityIsReportedAtTheEndOfTheReportingPeriod() throws Exception {
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            long connected = tb.awaitConnected("d1", WAIT).connectedAt();
            long opened = tb.deviceState("d1").lastActivityTime();
            CompletableFuture<Long> reported = serverAttribute("d1", "lastActivityTime", value -> value > opened);
            long published = System.currentTimeMillis();
            device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
            long activity = reported.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(activity >= published && activity >= connected, "the publish's time: " + activity);
            assertEquals(activity, tb.deviceState("d1").lastActivityTime());
        }
    }

    @Test
    void aDeviceSilentLongerThanItsTimeoutTurnsInactiveAndActivityBringsItBack() throws Exception {
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        tb.setServerAttributesJson("d1", "{\"inactivityTimeout\":300}");
        try (MqttDevice device = connect("T1")) {
            Event inactive = tb.awaitEvent(EventFilter.all().device("d1").type(EventType.INACTIVE), WAIT);
            DeviceState state = tb.deviceState("d1");
            assertFalse(state.active());
            assertEquals(300, state.inactivityTimeout());
            assertTrue(state.inactivityAlarmTime() >= state.lastActivityTime() + 300,
                "found inactive once the timeout passed: " + state);
            assertEquals(KvValue.of(false), server("d1").get("active"));
            assertEquals(KvValue.of(state.inactivityAlarmTime()), server("d1").get("inactivityAlarmTime"));
            JsonAssert.assertJsonEquals("{\"active\":false,\"lastConnectTime\":" + state.lastConnectTime()
                + ",\"lastActivityTime\":" + state.lastActivityTime() + ",\"lastDisconnectTime\":0,"
                + "\"lastInactivityAlarmTime\":" + state.inactivityAlarmTime() + ",\"inactivityTimeout\":300}",
                inactive.payload());
            assertEquals(Direction.OUT, inactive.direction(), "the server's timer found it");
            assertTrue(device.isConnected(), "inactivity is the device state's, the session stays");

            device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
            Event active = tb.awaitEvent(EventFilter.all().device("d1").type(EventType.ACTIVE).after(inactive.seq()), WAIT);
            assertTrue(active.payload().contains("\"active\":true"), active.payload());
            assertTrue(tb.deviceState("d1").lastActivityTime() > state.inactivityAlarmTime());
        }
    }

    @Test
    void raisingTheTimeoutOfAnInactiveDeviceMakesItActiveAgainAtOnce() throws Exception {
        // DefaultDeviceStateServiceTest.testOnDeviceInactivityTimeoutUpdate: a longer timeout re-evaluates the state
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        tb.setServerAttributesJson("d1", "{\"inactivityTimeout\":200}");
        try (MqttDevice device = connect("T1")) {
            Event inactive = tb.awaitEvent(EventFilter.all().device("d1").type(EventType.INACTIVE), WAIT);
            tb.setServerAttributesJson("d1", "{\"inactivityTimeout\":3600000}");
            assertTrue(tb.deviceState("d1").active(), "active again as soon as the timeout is saved");
            assertEquals(0, tb.deviceState("d1").inactivityAlarmTime(), "the alarm is cleared");
            assertEquals(1, tb.events(EventFilter.all().device("d1").type(EventType.ACTIVE).after(inactive.seq()))
                .events().size());
        }
    }

    @Test
    void theTimeoutAttributeIsReadAsThingsBoardReadsIt() {
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        tb.setServerAttributesJson("d1", "{\"inactivityTimeout\":\"5000\"}");
        assertEquals(5000, tb.deviceState("d1").inactivityTimeout(), "a numeric string is a number of ms");
        tb.setServerAttributesJson("d1", "{\"inactivityTimeout\":\"soon\"}");
        assertEquals(DEFAULT_TIMEOUT_MS, tb.deviceState("d1").inactivityTimeout(), "not a number: 0, the default");
        tb.setServerAttributesJson("d1", "{\"inactivityTimeout\":-5}");
        assertEquals(DEFAULT_TIMEOUT_MS, tb.deviceState("d1").inactivityTimeout(), "0 or less: the default");
        tb.setServerAttributesJson("d1", "{\"inactivityTimeout\":7000}");
        tb.deleteAttributes("d1", AttributeScope.SERVER, "inactivityTimeout");
        assertEquals(DEFAULT_TIMEOUT_MS, tb.deviceState("d1").inactivityTimeout(), "deleted: the default");
    }

    @Test
    void theServersDefaultTimeoutIsAnOption() throws Exception {
        try (TbMockServer quick = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(-1)
            .bindAddress("127.0.0.1").deviceInactivityTimeout(Duration.ofMillis(250)).build())) {
            quick.mock().createDevice(NewDevice.named("d1").credentials(token("T1")));
            try (MqttDevice device = MqttDevice.connectWithToken(quick.mqttPort(), "T1")) {
                Event inactive = quick.mock().awaitEvent(EventFilter.all().device("d1").type(EventType.INACTIVE), WAIT);
                assertTrue(inactive.payload().contains("\"inactivityTimeout\":250"), inactive.payload());
                assertEquals(250, quick.mock().deviceState("d1").inactivityTimeout());
            }
        }
    }

    @Test
    void aGatewaysChildHasAStateOfItsOwn() throws Exception {
        tb.createDevice(NewDevice.named("gw").gateway(true).credentials(token("GW")));
        try (MqttDevice gateway = connect("GW")) {
            gateway.publish("v1/gateway/connect", "{\"device\":\"child\"}", 1);
            DeviceState child = tb.deviceState("child");
            assertTrue(child.active());
            assertTrue(child.lastConnectTime() > 0);
            gateway.publish("v1/gateway/disconnect", "{\"device\":\"child\"}", 1);
            tb.awaitDisconnected("child", WAIT);
            assertTrue(tb.deviceState("child").lastDisconnectTime() >= child.lastConnectTime());
            assertEquals(0, tb.deviceState("gw").lastDisconnectTime(), "the gateway stays connected");
            assertTrue(tb.deviceState("gw").active());
        }
    }

    @Test
    void aResetForgetsTheStateWithTheDevice() throws Exception {
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            assertTrue(tb.awaitConnected("d1", WAIT).connected());
        }
        tb.reset();
        tb.createDevice(NewDevice.named("d1").credentials(token("T1")));
        assertEquals(new DeviceState(false, 0, 0, 0, 0, DEFAULT_TIMEOUT_MS), tb.deviceState("d1"));
        assertEquals(List.of("active"), tb.attributes("d1", AttributeScope.SERVER).stream().map(AttributeKv::key).toList());
    }

    private static Map<String, KvValue> server(String device) {
        Map<String, KvValue> values = new LinkedHashMap<>();
        tb.attributes(device, AttributeScope.SERVER).forEach(kv -> values.put(kv.key(), kv.value()));
        return values;
    }

    /** Completes with the server attribute's value once a change of the device's attributes gives it one that matches. */
    private static CompletableFuture<Long> serverAttribute(String device, String key, Predicate<Long> matcher) {
        CompletableFuture<Long> found = new CompletableFuture<>();
        server.onAttributesChanged(changed -> {
            if (changed.equals(device) && !found.isDone() && tb.devices().stream().anyMatch(d -> d.name().equals(device))) {
                KvValue value = server(device).get(key);
                if (value != null && matcher.test(value.asLong())) {
                    found.complete(value.asLong());
                }
            }
        });
        return found;
    }
}
