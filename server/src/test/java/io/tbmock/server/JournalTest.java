package io.tbmock.server;

import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event journal and the waits built on it. */
class JournalTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @BeforeEach
    void devices() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        tb.createDevice(NewDevice.named("dev-2").credentials(token("T2")));
    }

    @Test
    void anRpcThatTimesOutIsRecordedWithWhatBecameOfIt() throws Exception {
        ServerRpc rpc = tb.sendRpc("dev-1", RpcRequest.twoWay("ping").timeout(Duration.ofMillis(50)));
        assertEquals(RpcStatus.TIMEOUT, rpc.status());
        Event timedOut = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.RPC_TIMEOUT), WAIT);
        assertEquals("{\"id\":0,\"method\":\"ping\"}", timedOut.payload());
        assertEquals("not delivered within 50 ms: the device was not connected and subscribed to RPC requests",
            timedOut.error());

        tb.sendRpc("dev-2", RpcRequest.oneWay("reboot").timeout(Duration.ofMillis(50)));
        assertEquals("not delivered within 50 ms: the device was not connected and subscribed to RPC requests",
            tb.awaitEvent(EventFilter.all().device("dev-2").type(EventType.RPC_TIMEOUT), WAIT).error(),
            "a one-way RPC awaits no reply: it was not delivered");

        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            tb.sendRpc("dev-1", RpcRequest.twoWay("ping").timeout(Duration.ofMillis(300)));
            assertEquals("sent, but no reply within 300 ms", tb.awaitEvent(EventFilter.all().device("dev-1")
                .type(EventType.RPC_TIMEOUT).after(timedOut.seq()), WAIT).error());
        }
    }

    @Test
    void aListenerHearsEveryEventInOrder() throws Exception {
        BlockingQueue<Event> heard = new LinkedBlockingQueue<>();
        Consumer<Event> listener = heard::add;
        tb.addEventListener(listener);
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            for (int i = 0; i < 20; i++) {
                device.publish("v1/devices/me/telemetry", "{\"i\":" + i + "}", 1);
            }
        }
        tb.awaitDisconnected("dev-1", WAIT);
        Event disconnect = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.DISCONNECT), WAIT);
        long previous = 0;
        while (true) {
            Event next = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(next != null, "every event up to the DISCONNECT is heard");
            assertTrue(next.seq() > previous, "in order: " + previous + " then " + next.seq());
            previous = next.seq();
            if (next.seq() == disconnect.seq()) {
                break;
            }
        }
        tb.removeEventListener(listener);
    }

    @Test
    void aSessionIsRecordedInOrder() throws Exception {
        String clientId;
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            clientId = device.clientId();
            device.subscribe(1, "v1/devices/me/attributes");
            device.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            device.publish("v1/devices/me/attributes", "{\"b\":2}", 1);
        }
        tb.awaitEvent(EventFilter.all().type(EventType.DISCONNECT), WAIT);
        List<Event> events = tb.events(EventFilter.all().device("dev-1")).events();
        assertEquals(List.of(EventType.CONNECT, EventType.SUBSCRIBE, EventType.TELEMETRY, EventType.ATTRIBUTES,
            EventType.DISCONNECT), events.stream().map(Event::type).collect(Collectors.toList()));
        events.forEach(event -> {
            assertEquals(clientId, event.clientId());
            assertEquals(Direction.IN, event.direction());
        });
        assertEquals("{\"a\":1}", events.get(2).payload());
        assertEquals("v1/devices/me/telemetry", events.get(2).topic());
        assertEquals("the device sent DISCONNECT", events.get(4).error());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).seq() > events.get(i - 1).seq());
        }
    }

    @Test
    void eventsAreFilteredByDeviceTypeAndPosition() throws Exception {
        try (MqttDevice one = MqttDevice.connectWithToken(port, "T1");
             MqttDevice two = MqttDevice.connectWithToken(port, "T2")) {
            one.publish("v1/devices/me/telemetry", "{\"n\":1}", 1);
            two.publish("v1/devices/me/telemetry", "{\"n\":2}", 1);
            one.publish("v1/devices/me/telemetry", "{\"n\":3}", 1);
        }
        EventFilter telemetryOfOne = EventFilter.all().device("dev-1").type(EventType.TELEMETRY);
        EventPage page = tb.events(telemetryOfOne.limit(1));
        assertEquals(List.of("{\"n\":1}"), payloads(page));
        EventPage rest = tb.events(telemetryOfOne.after(page.next()));
        assertEquals(List.of("{\"n\":3}"), payloads(rest));
        assertEquals(List.of(), tb.events(telemetryOfOne.after(rest.next())).events());
    }

    @Test
    void aWaitReturnsAsSoonAsAMatchingEventArrives() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            long after = tb.events(EventFilter.all()).next();
            CompletableFuture<EventPage> wait = tb.eventsAsync(
                EventFilter.all().type(EventType.TELEMETRY).after(after), Duration.ofMinutes(5));
            assertFalse(wait.isDone());
            device.publish("v1/devices/me/telemetry", "{\"now\":true}", 1);
            EventPage page = wait.get(10, TimeUnit.SECONDS); // long before the five minutes
            assertEquals(List.of("{\"now\":true}"), payloads(page));
        }
    }

    @Test
    void aWaitThatTimesOutReturnsAnEmptyPage() throws Exception {
        EventPage page = tb.eventsAsync(EventFilter.all().type(EventType.CLAIM), Duration.ofMillis(100))
            .get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), page.events());
    }

    @Test
    void aFailedWaitSaysWhatWasExpectedAndWhatArrived() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"humidity\":40}", 1);
            WaitTimeoutException failure = assertThrows(WaitTimeoutException.class,
                () -> tb.awaitTelemetry("dev-1", "temperature", Duration.ofMillis(200)));
            assertTrue(failure.getMessage().contains("telemetry 'temperature' of device 'dev-1'"), failure.getMessage());
            assertTrue(failure.getMessage().contains("payload={\"humidity\":40}"), failure.getMessage());
        }
    }

    @Test
    void aFailedWaitListsTheExpectedDevicesEventsFirstHoweverBusyOthersAre() throws Exception {
        try (MqttDevice one = MqttDevice.connectWithToken(port, "T1");
             MqttDevice two = MqttDevice.connectWithToken(port, "T2")) {
            one.publish("v1/devices/me/telemetry", "{\"humidity\":40}", 1);
            for (int i = 0; i < 30; i++) {
                two.publish("v1/devices/me/telemetry", "{\"noise\":" + i + "}", 1);
            }
            String message = assertThrows(WaitTimeoutException.class,
                () -> tb.awaitTelemetry("dev-1", "temperature", Duration.ofMillis(100))).getMessage();
            int own = message.indexOf("events of device 'dev-1':");
            int others = message.indexOf("events of other devices:");
            assertTrue(own > 0 && others > own, message);
            assertTrue(message.indexOf("payload={\"humidity\":40}") > own
                && message.indexOf("payload={\"humidity\":40}") < others, message);
            assertTrue(message.contains("payload={\"noise\":29}"), message);
            assertFalse(message.contains("payload={\"noise\":0}"), "only the last of the others: " + message);
        }
    }

    @Test
    void awaitTelemetryWithAMatcherWaitsForAMatchingValue() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
            CompletableFuture<Long> three = CompletableFuture.supplyAsync(
                () -> tb.awaitTelemetry("dev-1", "t", v -> v.asLong() == 3, WAIT).value().asLong());
            device.publish("v1/devices/me/telemetry", "{\"t\":2}", 1);
            device.publish("v1/devices/me/telemetry", "{\"t\":3}", 1);
            assertEquals(3, three.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void awaitClientAttributeWaitsForTheUploadAndItsValue() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            CompletableFuture<String> version = CompletableFuture.supplyAsync(
                () -> tb.awaitClientAttribute("dev-1", "firmware", v -> v.asString().equals("v1.2"), WAIT).asString());
            device.publish("v1/devices/me/attributes", "{\"firmware\":\"v1.1\"}", 1);
            device.publish("v1/devices/me/attributes", "{\"firmware\":\"v1.2\"}", 1);
            assertEquals("v1.2", version.get(10, TimeUnit.SECONDS));
            WaitTimeoutException failure = assertThrows(WaitTimeoutException.class,
                () -> tb.awaitClientAttribute("dev-1", "firmware", v -> v.asString().equals("v2.0"), Duration.ofMillis(100)));
            assertTrue(failure.getMessage().contains("client attribute 'firmware' of device 'dev-1' (current value: "),
                failure.getMessage());
        }
    }

    @Test
    void awaitDisconnectedReturnsOnceTheSessionIsGone() throws Exception {
        tb.awaitDisconnected("dev-1", WAIT); // never connected: at once
        MqttDevice device = MqttDevice.connectWithToken(port, "T1");
        tb.awaitConnected("dev-1", WAIT);
        assertThrows(WaitTimeoutException.class, () -> tb.awaitDisconnected("dev-1", Duration.ofMillis(100)));
        CompletableFuture<Void> gone = CompletableFuture.runAsync(() -> tb.awaitDisconnected("dev-1", WAIT));
        device.close();
        gone.get(10, TimeUnit.SECONDS);
        assertFalse(tb.device("dev-1").connected());
    }

    @Test
    void resetDataForgetsRecordsButKeepsDevicesAndSessions() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            device.publish("v1/devices/me/attributes", "{\"b\":1}", 1);
            tb.resetData();
            assertEquals(List.of(), tb.events(EventFilter.all()).events());
            assertTrue(tb.latestTelemetry("dev-1").isEmpty());
            assertTrue(tb.attributes("dev-1").client().isEmpty());
            assertEquals(2, tb.devices().size());
            device.publish("v1/devices/me/telemetry", "{\"a\":2}", 1);
            assertTrue(device.isConnected());
        }
    }

    @Test
    void resetForgetsDevicesAndClosesSessions() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            tb.awaitConnected("dev-1", WAIT);
            tb.reset();
            assertTrue(device.awaitConnectionLost());
            assertEquals(List.of(), tb.devices());
            assertEquals(5, MqttDevice.refusalCode(port, MqttDevice.options().username("T1")));
        }
    }

    private static List<String> payloads(EventPage page) {
        return page.events().stream().map(Event::payload).collect(Collectors.toList());
    }
}
