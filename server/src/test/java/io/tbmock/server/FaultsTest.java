package io.tbmock.server;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults injected by the test (docs/faults.md), seen by a real device on MQTT 3.1.1 and 5: what the device
 * observes, the {@code FAULT} events that record each firing, and that a fault bites only its device.
 */
@ForEachProtocol
class FaultsTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TELEMETRY = "v1/devices/me/telemetry";

    FaultsTest(MqttProtocol protocol) {
        super(protocol);
    }

    @BeforeEach
    void devices() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        tb.createDevice(NewDevice.named("dev-2").credentials(token("T2")));
    }

    private List<Event> faultEvents() {
        return tb.events(EventFilter.all().type(EventType.FAULT)).events();
    }

    @Test
    void refusedConnectsGetTheCodeAsTheProtocolHasItThenTheFaultIsSpent() throws Exception {
        String id = tb.addFault(NewFault.refuseConnect("dev-1", 0x88).count(2)).id();
        assertEquals(mqtt5() ? 0x88 : 3, MqttDevice.refusalCode(port, deviceOptions().username("T1")));
        try (MqttDevice other = connect("T2")) {
            assertTrue(other.isConnected(), "another device is not bitten");
        }
        assertEquals(mqtt5() ? 0x88 : 3, MqttDevice.refusalCode(port, deviceOptions().username("T1")));
        assertEquals(List.of(), tb.faults(), "spent after two firings");
        try (MqttDevice device = connect("T1")) {
            assertTrue(device.isConnected());
        }
        List<Event> fired = faultEvents();
        assertEquals(2, fired.size());
        assertTrue(fired.get(0).payload().contains("\"fault\":\"" + id + "\""), fired.get(0).payload());
        assertEquals("dev-1", fired.get(1).device());
    }

    @Test
    void aFaultIsAwaitedUntilItFiredAndStaysFindableOnceSpent() throws Exception {
        String id = tb.addFault(NewFault.refuseConnect("dev-1", 0x88).count(2)).id();
        CompletableFuture<Fault> twice = tb.awaitFaultAsync(id, 2, WAIT);
        MqttDevice.refusalCode(port, deviceOptions().username("T1"));
        assertEquals(1, tb.fault(id).fired());
        assertFalse(twice.isDone(), "fired once so far");
        MqttDevice.refusalCode(port, deviceOptions().username("T1"));
        assertEquals(2, twice.get().fired());
        assertEquals(List.of(), tb.faults(), "spent");
        assertEquals(2, tb.fault(id).fired(), "a spent fault is still found, with its count");
        assertEquals(2, tb.awaitFault(id, 1, WAIT).fired(), "fired already: answered at once");
        WaitTimeoutException never = assertThrows(WaitTimeoutException.class,
            () -> tb.awaitFault(id, 3, Duration.ofMillis(100)));
        assertTrue(never.getMessage().contains("fault " + id + " to fire 3 times (it fired 2)"), never.getMessage());
        assertThrows(NotFoundException.class, () -> tb.awaitFault("nope", 1, WAIT));
        tb.reset();
        assertThrows(NotFoundException.class, () -> tb.fault(id), "a reset forgets every fault");
    }

    @Test
    void closeAfterMessagesClosesOnceTheLastIsAcknowledged() throws Exception {
        tb.addFault(NewFault.closeAfterMessages("dev-1", 3).reasonCode(0x98));
        try (MqttDevice device = connect("T1")) {
            for (int i = 1; i <= 3; i++) {
                device.publish(TELEMETRY, "{\"n\":" + i + "}", 1);
            }
            assertEquals(mqtt5() ? Integer.valueOf(0x98) : null, device.awaitDisconnectReason(), "DISCONNECT's reason");
        }
        assertEquals(KvValue.of(3), tb.latestTelemetry("dev-1").get("n"), "every message before the close is kept");
        assertEquals(1, faultEvents().size());
    }

    @Test
    void aWithheldPubackNeverComesWhileTheNextOnesDo() throws Exception {
        tb.addFault(NewFault.withholdPuback("dev-1"));
        try (MqttDevice device = connect("T1")) {
            CompletableFuture<Integer> withheld = device.publishAsync(TELEMETRY, "{\"a\":1}", 1);
            device.publish(TELEMETRY, "{\"b\":2}", 1); // acknowledged: the server answered the later one
            assertFalse(withheld.isDone(), "the first publish is still unacknowledged");
        }
        assertEquals(KvValue.of(1), tb.latestTelemetry("dev-1").get("a"), "the message itself was processed");
    }

    @Test
    void aDroppedMessageIsAcknowledgedAsTheFaultSaysAndNotStored() throws Exception {
        tb.addFault(NewFault.pubackReason("dev-1", 0x97).dropMessage(true).topic(TELEMETRY));
        try (MqttDevice device = connect("T1")) {
            assertEquals(mqtt5() ? 0x97 : 0, device.publish(TELEMETRY, "{\"lost\":1}", 1));
            device.publish(TELEMETRY, "{\"kept\":1}", 1);
        }
        assertEquals(Map.of("kept", KvValue.of(1)), tb.latestTelemetry("dev-1"));
        assertTrue(faultEvents().get(0).payload().contains("the message was not processed"));
    }

    @Test
    void aDelayedPubackComesNoSoonerThanTheDelay() throws Exception {
        tb.addFault(NewFault.delayPuback("dev-1", 300));
        try (MqttDevice device = connect("T1")) {
            long start = System.nanoTime();
            device.publish(TELEMETRY, "{\"a\":1}", 1);
            assertTrue(System.nanoTime() - start >= 300_000_000L, "acknowledged after the delay");
        }
    }

    @Test
    void aDroppedDownlinkNeverArrivesAndTheNextOneDoes() throws Exception {
        tb.addFault(NewFault.dropDownlink("dev-1").topic("v1/devices/me/attributes"));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            tb.setSharedAttributes("dev-1", Map.of("first", 1));
            device.roundTrip();
            assertTrue(device.received().isEmpty(), "the first update was lost: " + device.received());
            tb.setSharedAttributes("dev-1", Map.of("second", 2));
            assertEquals("{\"second\":2}", device.nextMessage().payload());
        }
    }

    @Test
    void aDelayedDownlinkArrivesNoSoonerThanTheDelay() throws Exception {
        tb.addFault(NewFault.delayDownlink("dev-1", 300));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            long start = System.nanoTime();
            tb.submitRpc("dev-1", RpcRequest.oneWay("reboot"));
            assertEquals("v1/devices/me/rpc/request/0", device.nextMessage().topic());
            assertTrue(System.nanoTime() - start >= 300_000_000L, "sent after the delay");
        }
        Event fault = faultEvents().get(0);
        assertEquals("v1/devices/me/rpc/request/0", fault.topic());
    }

    @Test
    void closeAfterMsClosesAConnectedDeviceAndTheNextConnection() throws Exception {
        try (MqttDevice device = connect("T1")) {
            tb.addFault(NewFault.closeAfterMs("dev-1", 200).reasonCode(0xA0).count(2));
            assertEquals(mqtt5() ? Integer.valueOf(0xA0) : null, device.awaitDisconnectReason(), "maximum connect time");
        }
        try (MqttDevice again = connect("T1")) {
            assertEquals(mqtt5() ? Integer.valueOf(0xA0) : null, again.awaitDisconnectReason(), "its next connection too");
        }
        assertEquals(List.of(), tb.faults());
        assertEquals(2, faultEvents().size());
    }

    @Test
    void closeAtAnOtaChunkClosesOnceThatChunkIsSent() throws Exception {
        tb.assignOtaPackage("dev-1", tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), new byte[100]).id());
        tb.addFault(NewFault.closeAtOtaChunk("dev-1", 1));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v2/fw/response/+/chunk/+");
            device.publish("v2/fw/request/1/chunk/0", "40", 1);
            assertEquals("v2/fw/response/1/chunk/0", device.nextMessage().topic());
            device.publishAsync("v2/fw/request/1/chunk/1", "40", 1);
            assertEquals("v2/fw/response/1/chunk/1", device.nextMessage().topic(), "the chunk, then the close");
            assertTrue(device.awaitConnectionLost());
        }
    }

    @Test
    void aRestartClosesEverySessionRefusesConnectsWhileDownAndMayForget() throws Exception {
        try (MqttDevice one = connect("T1"); MqttDevice two = connect("T2")) {
            one.publish(TELEMETRY, "{\"before\":1}", 1);
            tb.addFault(NewFault.restart(60_000, true));
            assertEquals(mqtt5() ? Integer.valueOf(0x8B) : null, one.awaitDisconnectReason(), "server shutting down");
            assertEquals(mqtt5() ? Integer.valueOf(0x8B) : null, two.awaitDisconnectReason());
        }
        assertEquals(mqtt5() ? 0x88 : 3, MqttDevice.refusalCode(port, deviceOptions().username("T1")), "still down");
        assertTrue(tb.latestTelemetry("dev-1").isEmpty(), "forgotten, as a restarted in-memory server forgets");
        assertEquals(2, tb.devices().size(), "devices stay");
        tb.clearFaults(); // back up
        try (MqttDevice device = connect("T1")) {
            assertTrue(device.isConnected());
        }
    }

    @Test
    void aDuplicatedDownlinkComesTwiceWithTheDupFlagAndTheSamePacketId() throws Exception {
        tb.addFault(NewFault.duplicateDownlink("dev-1").topic("v1/devices/me/attributes"));
        try (RawMqtt raw = new RawMqtt(port)) {
            assertEquals(0, raw.connectWithToken("T1", protocol));
            raw.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE,
                "v1/devices/me/attributes").build());
            raw.expect(MqttMessageType.SUBACK);
            tb.setSharedAttributes("dev-1", Map.of("mode", "eco"));
            MqttPublishMessage first = (MqttPublishMessage) raw.expect(MqttMessageType.PUBLISH);
            MqttPublishMessage again = (MqttPublishMessage) raw.expect(MqttMessageType.PUBLISH);
            assertFalse(first.fixedHeader().isDup());
            assertTrue(again.fixedHeader().isDup());
            assertEquals(first.variableHeader().packetId(), again.variableHeader().packetId());
            assertEquals(first.payload().toString(StandardCharsets.UTF_8), again.payload().toString(StandardCharsets.UTF_8));
        }
    }

    /** The device's keep-alive is what must notice: its PINGREQ goes unanswered until the stall ends. */
    @Test
    void aStalledConnectionAnswersNothingUntilTheStallEnds() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            assertEquals(0, raw.connectWithToken("T1", protocol));
            long start = System.nanoTime();
            tb.addFault(NewFault.stall("dev-1", 1500));
            tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.FAULT), WAIT);
            raw.send(MqttMessage.PINGREQ);
            raw.assertSilentFor(Duration.ofMillis(700));
            raw.expect(MqttMessageType.PINGRESP);
            assertTrue(System.nanoTime() - start >= 1_400_000_000L, "answered once the stall ended");
        }
    }

    @Test
    void aThrottledConnectionCarriesNoMoreThanItsBandwidth() throws Exception {
        tb.addFault(NewFault.bandwidth("dev-1", 20_000));
        tb.assignOtaPackage("dev-1", tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1"), new byte[60_000]).id());
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v2/fw/response/+/chunk/+");
            long start = System.nanoTime();
            device.publish("v2/fw/request/1/chunk/0", "60000", 1);
            assertEquals(60_000, device.nextMessage().bytes().length);
            assertTrue(System.nanoTime() - start >= 1_000_000_000L, "60 kB at 20 kB/s takes seconds, not milliseconds");
        }
        assertEquals(1, tb.faults().size(), "a standing fault stays until removed");
        assertEquals(1, tb.faults().get(0).fired(), "it took hold of one connection");
    }

    @Test
    void aRateLimitedPublishGetsNoPubackAndClosesTheConnection() throws Exception {
        tb.addFault(NewFault.rateLimit("dev-1", "2:60", null, "3:60"));
        try (MqttDevice device = connect("T1")) { // the CONNECT takes one message token
            device.publish("v1/devices/me/attributes", "{\"a\":1}", 1); // the second
            device.publish(TELEMETRY, "{\"t1\":1,\"t2\":2}", 1); // two of three data points
            CompletableFuture<Integer> refused = device.publishAsync(TELEMETRY, "{\"t3\":3,\"t4\":4}", 1);
            assertEquals(mqtt5() ? Integer.valueOf(0x83) : null, device.awaitDisconnectReason());
            assertNull(MqttDevice.pubAckOrNull(refused), "no PUBACK");
        }
        assertEquals(Map.of("t1", KvValue.of(1), "t2", KvValue.of(2)), tb.latestTelemetry("dev-1"), "nothing of it kept");
        assertEquals(mqtt5() ? 0x9F : 3, MqttDevice.refusalCode(port, deviceOptions().username("T1")),
            "the message limit is spent: the next CONNECT is refused");
        assertTrue(tb.faults().get(0).fired() >= 2);
    }

    @Test
    void getSessionLimitsReportsTheRateLimits() throws Exception {
        tb.addFault(NewFault.rateLimit("dev-1", "100:1,1000:60", "10:1", null));
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"getSessionLimits\",\"params\":{}}", 1);
            String answer = device.nextMessage().payload();
            assertTrue(answer.contains("\"rateLimits\":{\"messages\":\"100:1,1000:60\",\"telemetryMessages\":\"10:1\","
                + "\"telemetryDataPoints\":null}"), answer);
        }
    }

    @Test
    void badFaultsAreRefusedAndChangeNothing() {
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.refuseConnect("dev-1", 0x80)),
            "no 3.x meaning");
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.of(FaultKind.CLOSE)));
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.closeAfterMessages("dev-1", 2)
            .afterMs(100)), "one point to close at");
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.restart(1000, false).device("dev-1")));
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.delayPuback("dev-1", 0)));
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.withholdPuback(null).count(0)));
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.of(FaultKind.STALL)), "no stallMs");
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.of(FaultKind.RATE_LIMIT)), "no limit");
        InvalidRequestException syntax = assertThrows(InvalidRequestException.class,
            () -> tb.addFault(NewFault.rateLimit("dev-1", "5 per second", null, null)));
        assertTrue(syntax.getMessage().contains("capacity:seconds"), syntax.getMessage());
        assertEquals(List.of(), tb.faults());
        assertThrows(NotFoundException.class, () -> tb.removeFault("nope"));
    }

    @Test
    void aTimeBoundFaultStaysUntilRemovedOrReset() throws Exception {
        String id = tb.addFault(NewFault.pubackReason(null, 0x83).activeMs(60_000)).id();
        try (MqttDevice device = connect("T2")) {
            assertEquals(mqtt5() ? 0x83 : 0, device.publish(TELEMETRY, "{\"a\":1}", 1));
            assertEquals(mqtt5() ? 0x83 : 0, device.publish(TELEMETRY, "{\"a\":2}", 1), "not spent by a count");
            assertEquals(2, tb.faults().get(0).fired());
            tb.removeFault(id);
            assertEquals(0, device.publish(TELEMETRY, "{\"a\":3}", 1));
        }
        tb.addFault(NewFault.withholdPuback(null).activeMs(60_000));
        tb.reset();
        assertNull(tb.faults().stream().findFirst().orElse(null), "a reset forgets every fault");
    }
}
