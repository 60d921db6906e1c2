package io.tbmock.server;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;
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

import static io.tbmock.server.model.DeviceCredentials.token;
import static io.tbmock.testing.MqttDevice.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT 5 devices, with Paho's MQTT 5 client: the reason codes ThingsBoard's own MQTT 5 tests expect
 * (T/mqttv5/…: connection, publish, subscribe, unsubscribe; BB/MqttClientTest: session taken over, bad
 * credentials) and the DISCONNECT before every server-side close (docs/thingsboard-mqtt.md §1.6, §13).
 */
class Mqtt5Test extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);

    Mqtt5Test() {
        super(MqttProtocol.MQTT_5);
    }

    @BeforeEach
    void createDevice() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
    }

    // --- CONNECT (MqttV5ClientConnectionTest, BB clientConnectWithBadCredentials) ----------------------

    @Test
    void aDeviceConnectsAndItsSessionShowsProtocolLevel5() throws Exception {
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
            assertEquals(5, tb.awaitConnected("dev-1", WAIT).protocolVersion());
            assertEquals(Map.of("t", KvValue.of(1)), tb.latestTelemetry("dev-1"));
        }
        Event connect = tb.events(EventFilter.all().device("dev-1").type(EventType.CONNECT)).events().get(0);
        assertTrue(connect.payload().contains("\"protocolLevel\":5"), connect.payload());
    }

    @Test
    void refusalsCarryThingsBoardsMqtt5ReasonCodes() {
        assertEquals(0x86, MqttDevice.refusalCode(port, options().username("nope").mqtt5()), "unknown token");
        assertEquals(0x86, MqttDevice.refusalCode(port, options().username("u").password("p").mqtt5()));
        assertEquals(0x85, MqttDevice.refusalCode(port, options().clientId("unknown-client").mqtt5()),
            "unknown client id, no credentials");
        assertEquals(0x87, MqttDevice.refusalCode(port, options().clientId("").mqtt5()),
            "no credentials and an empty client id");
        Event rejected = tb.awaitEvent(EventFilter.all().type(EventType.CONNECT_REJECTED), WAIT);
        assertTrue(rejected.error().endsWith("(CONNACK 0x86)"), rejected.error());
    }

    @Test
    void anEmptyClientIdWithATokenConnects() throws Exception {
        try (MqttDevice device = MqttDevice.connect(port, options().clientId("").username("T1").mqtt5())) {
            device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
            assertEquals("", tb.awaitConnected("dev-1", WAIT).clientId());
        }
    }

    @Test
    void cleanStartZeroAndASessionExpiryAreAcceptedAndShownInTheJournal() throws Exception {
        try (MqttDevice device = MqttDevice.connect(port, options().username("T1").cleanSession(false)
            .sessionExpiry(3600).mqtt5())) {
            assertTrue(device.subscribe(1, "v1/devices/me/attributes")[0] <= 1);
        }
        Event connect = tb.events(EventFilter.all().device("dev-1").type(EventType.CONNECT)).events().get(0);
        assertTrue(connect.payload().contains("\"cleanSession\":false"), connect.payload());
        assertTrue(connect.payload().contains("\"sessionExpiryInterval\":3600"), connect.payload());
    }

    @Test
    void aNewerSessionOfTheSameDeviceTakesOverWithDisconnect0x8E() throws Exception {
        try (MqttDevice first = connect("T1"); MqttDevice second = connect("T1")) {
            assertEquals(0x8E, first.awaitDisconnectReason(), "session taken over");
            second.publish("v1/devices/me/telemetry", "{\"second\":true}", 1);
            assertTrue(second.isConnected());
        }
        Event disconnect = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.DISCONNECT), WAIT);
        assertTrue(disconnect.error().endsWith("(DISCONNECT 0x8E)"), disconnect.error());
    }

    // --- PUBLISH (MqttV5ClientPublishTest) -------------------------------------------------------------

    @Test
    void aPublishToAnUnknownTopicGetsPuback0x90AndTheSessionStays() throws Exception {
        try (MqttDevice device = connect("T1")) {
            assertEquals(0x00, device.publish("v1/devices/me/telemetry", "{\"a\":1}", 1));
            assertEquals(0x90, device.publish("wrong/topic", "{\"a\":2}", 1));
            assertEquals(0x00, device.publish("v1/devices/me/telemetry", "{\"a\":3}", 1));
            assertEquals(Map.of("a", KvValue.of(3)), tb.latestTelemetry("dev-1"));
        }
    }

    @Test
    void anInvalidPayloadGetsPuback0x99AndTheSessionKeepsWhatWasRecorded() throws Exception {
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/telemetry", "{\"before\":1}", 1);
            assertEquals(0x99, device.publish("v1/devices/me/telemetry", "{not json", 1));
            assertEquals(0x99, device.publish("v1/devices/me/attributes", "[1]", 1));
            assertEquals(0x99, device.publish("v1/devices/me/attributes/request/x", "{}", 1),
                "the attribute adaptor catches the bad request id");
            device.publish("v1/devices/me/telemetry", "{\"after\":2}", 1);
            assertTrue(device.isConnected());
            assertEquals(Map.of("before", KvValue.of(1), "after", KvValue.of(2)), tb.latestTelemetry("dev-1"));
        }
        Event rejected = tb.events(EventFilter.all().device("dev-1").type(EventType.REJECTED)).events().get(0);
        assertTrue(rejected.error().contains("PUBACK 0x99"), rejected.error());
    }

    @Test
    void anInvalidPayloadAtQos0IsAnsweredWithDisconnect0x99() throws Exception {
        try (MqttDevice device = connect("T1")) {
            // Not waiting for Paho to report the QoS 0 publish written: the DISCONNECT can beat that report,
            // and Paho then never completes it.
            device.publishAsync("v1/devices/me/telemetry", "{not json", 0);
            assertEquals(0x99, device.awaitDisconnectReason());
        }
    }

    @Test
    void aPayloadThingsBoardFailsOnClosesWithDisconnect0x8B() throws Exception {
        try (MqttDevice device = connect("T1")) {
            device.publishAsync("v1/devices/me/rpc/request/1", "{\"params\":{}}", 1); // no "method": an NPE there
            assertEquals(0x8B, device.awaitDisconnectReason());
        }
        try (MqttDevice device = connect("T1")) {
            device.publishAsync("v1/devices/me/telemetry", "{\"ts\":\"soon\",\"values\":{\"a\":1}}", 1);
            assertEquals(0x8B, device.awaitDisconnectReason(), "a non-numeric ts escapes the adaptor too");
        }
    }

    @Test
    void aNonGatewayPublishingToTheGatewayApiGetsNoPuback() throws Exception {
        try (MqttDevice device = connect("T1")) {
            var answer = device.publishAsync("v1/gateway/telemetry", "{}", 1);
            device.roundTrip();
            assertTrue(!answer.isDone() && device.isConnected(), "no PUBACK, connection kept");
        }
    }

    // --- SUBSCRIBE and UNSUBSCRIBE (MqttV5ClientSubscriptionTest, MqttV5ClientUnsubscribeTest) ----------

    @Test
    void aFilterThingsBoardDoesNotServeGetsSuback0x8F() throws Exception {
        try (MqttDevice device = connect("T1")) {
            assertArrayEquals(new int[] {0x8F, 0x01}, device.subscribe(1, "wrong/topic/+", "v1/devices/me/rpc/request/+"));
            assertArrayEquals(new int[] {0x00}, device.subscribe(0, "v1/devices/me/attributes"), "granted QoS 0");
        }
        Event rejected = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.REJECTED), WAIT);
        assertTrue(rejected.error().contains("SUBACK 0x8F"), rejected.error());
    }

    @Test
    void unsubscribingGives0x00ForASubscriptionAnd0x11ForNone() throws Exception {
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            assertArrayEquals(new int[] {0x00, 0x11},
                device.unsubscribe("v1/devices/me/attributes", "v1/devices/me/rpc/request/+"));
        }
    }

    // --- server-side closes ---------------------------------------------------------------------------

    @Test
    void aTestForcesADisconnectWithAChosenReasonCode() throws Exception {
        try (MqttDevice device = connect("T1")) {
            tb.awaitConnected("dev-1", WAIT);
            tb.disconnect("dev-1", 0x98);
            assertEquals(0x98, device.awaitDisconnectReason());
        }
        try (MqttDevice device = connect("T1")) {
            tb.awaitConnected("dev-1", WAIT);
            tb.disconnect("dev-1");
            assertNull(device.awaitDisconnectReason(), "a plain disconnect is a network fault: no DISCONNECT");
        }
        assertThrows(InvalidRequestException.class, () -> tb.disconnect("dev-1", 256));
    }

    @Test
    void deletingTheDeviceClosesItsSessionWithAdministrativeAction() throws Exception {
        try (MqttDevice device = connect("T1")) {
            tb.awaitConnected("dev-1", WAIT);
            tb.deleteDevice("dev-1");
            assertEquals(0x98, device.awaitDisconnectReason());
        }
    }

    @Test
    void anOtaErrorIsFollowedByDisconnect0x83() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            assertEquals(0, raw.connectWithToken("T1", MqttProtocol.MQTT_5));
            raw.publish("v2/fw/request/1/chunk/0", "1024", 1); // no firmware assigned
            List<MqttMessage> beforeClose = List.copyOf(raw.awaitClosed());
            assertEquals(2, beforeClose.size(), beforeClose.toString());
            MqttPublishMessage error = (MqttPublishMessage) beforeClose.get(0);
            assertEquals("v2/fw/error", error.variableHeader().topicName());
            assertEquals("NOT_FOUND", error.content().toString(StandardCharsets.UTF_8));
            assertEquals(0x83, RawMqtt.disconnectReason(beforeClose.get(1)), "no PUBACK, then DISCONNECT 0x83");
        }
    }

    @Test
    void firmwareIsServedInChunksOverMqtt5() throws Exception {
        byte[] firmware = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        tb.assignOtaPackage("dev-1", tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1.0"), firmware).id());
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v2/fw/response/+/chunk/+");
            device.publish("v2/fw/request/7/chunk/1", "10", 1);
            MqttDevice.Received chunk = device.nextMessage();
            assertEquals("v2/fw/response/7/chunk/1", chunk.topic());
            assertEquals("abcdef", chunk.payload());
        }
    }

    @Test
    void provisioningWorksOverMqtt5() throws Exception {
        tb.createProvisionProfile(new ProvisionProfile("p", "key", "secret", ProvisionStrategy.ALLOW_CREATE_NEW_DEVICES));
        try (MqttDevice provision = MqttDevice.connect(port, options().username("provision").mqtt5())) {
            provision.subscribe(1, "/provision/response");
            provision.publish("/provision/request",
                "{\"deviceName\":\"new-1\",\"provisionDeviceKey\":\"key\",\"provisionDeviceSecret\":\"secret\"}", 1);
            MqttDevice.Received answer = provision.nextMessage();
            assertEquals("/provision/response", answer.topic());
            assertTrue(answer.payload().contains("\"status\":\"SUCCESS\""), answer.payload());
        }
        DeviceCredentials.AccessToken credentials = (DeviceCredentials.AccessToken) tb.device("new-1").credentials();
        try (MqttDevice device = connect(credentials.token())) {
            device.publish("v1/devices/me/telemetry", "{\"provisioned\":true}", 1);
        }
        assertEquals(Map.of("provisioned", KvValue.of(true)), tb.latestTelemetry("new-1"));
    }

    @Test
    void aProvisionSessionPublishingElsewhereGetsPuback0x90ThenDisconnect0x90() throws Exception {
        try (MqttDevice provision = MqttDevice.connect(port, options().username("provision").mqtt5())) {
            assertEquals(List.of(0x8F), List.of(provision.subscribe(1, "v1/devices/me/attributes")[0]));
            assertEquals(0x90, provision.publish("v1/devices/me/telemetry", "{}", 1));
            assertEquals(0x90, provision.awaitDisconnectReason());
        }
    }
}
