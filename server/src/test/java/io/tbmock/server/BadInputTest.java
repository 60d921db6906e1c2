package io.tbmock.server;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ThingsBoard's error matrix for MQTT 3.x and MQTT 5 devices (docs/thingsboard-mqtt.md §4.3, §1.3): what is closed, what is acknowledged
 * and dropped, what gets no answer; and that nothing already recorded, and no other session, is harmed.
 */
@ForEachProtocol
class BadInputTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);

    BadInputTest(MqttProtocol protocol) {
        super(protocol);
    }

    @BeforeEach
    void devices() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        tb.createDevice(NewDevice.named("bystander").credentials(token("T2")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v1/devices/me/telemetry | {\"a\":",
        "v1/devices/me/telemetry | {\"a\":1} trailing",
        "v1/devices/me/telemetry | 42",
        "v1/devices/me/telemetry | \"text\"",
        "v1/devices/me/telemetry | null",
        "v1/devices/me/telemetry | [{\"a\":1},2]",
        "v1/devices/me/telemetry | {\"ts\":1000,\"values\":5}",
        "v1/devices/me/telemetry | {\"a\":unquoted}",
        "v1/devices/me/attributes | [{\"a\":1}]",
        "v1/devices/me/attributes | not json",
        "v2/t | {",
        "v2/a/j | []"})
    void anInvalidPayloadIsRefusedAndWhatWasRecordedIsKept(String topic, String payload) throws Exception {
        try (MqttDevice device = connect("T1"); MqttDevice bystander = connect("T2")) {
            recordSomething(device);
            assertRefusedAsInvalid(device, device.publishAsync(topic, payload, 1));
            assertRejectedAndNothingLost(topic, payload, bystander);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v1/devices/me/telemetry | {\"ts\":\"soon\",\"values\":{\"a\":1}}",
        "v1/devices/me/telemetry | {\"ts\":{},\"values\":{\"a\":1}}",
        "v1/devices/me/telemetry | {\"a\":NaN}",
        "v1/devices/me/attributes | {\"a\":-Infinity}"})
    void aPayloadThingsBoardFailsOnClosesTheConnectionAndWhatWasRecordedIsKept(String topic, String payload)
        throws Exception {
        try (MqttDevice device = connect("T1"); MqttDevice bystander = connect("T2")) {
            recordSomething(device);
            assertFailedOn(device, device.publishAsync(topic, payload, 1));
            assertRejectedAndNothingLost(topic, payload, bystander);
        }
    }

    private static void recordSomething(MqttDevice device) throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"before\":1}", 1);
        device.publish("v1/devices/me/attributes", "{\"model\":\"X\"}", 1);
    }

    private void assertRejectedAndNothingLost(String topic, String payload, MqttDevice bystander) throws Exception {
        Event rejected = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.REJECTED), WAIT);
        assertEquals(topic, rejected.topic());
        assertEquals(payload, rejected.payload());
        assertTrue(rejected.error().startsWith("invalid payload"), rejected.error());
        assertEquals(Map.of("before", KvValue.of(1)), tb.latestTelemetry("dev-1"), "nothing lost, nothing half-stored");
        assertEquals(Map.of("model", KvValue.of("X")), tb.attributes("dev-1").client());
        bystander.publish("v1/devices/me/telemetry", "{\"still\":\"here\"}", 1);
        assertTrue(bystander.isConnected());
    }

    @Test
    void anEmptyTelemetryPayloadIsInvalid() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", protocol);
            int packetId = raw.publish("v1/devices/me/telemetry", "", 1);
            if (mqtt5()) {
                MqttMessage answer = raw.expect(MqttMessageType.PUBACK);
                assertEquals(packetId, ((MqttPubAckMessage) answer).variableHeader().messageId());
                assertEquals(0x99, ((MqttPubReplyMessageVariableHeader) answer.variableHeader()).reasonCode() & 0xFF);
                raw.ping();
            } else {
                assertTrue(raw.awaitClosed().isEmpty(), "closed, with no PUBACK first");
            }
        }
    }

    @Test
    void anUnknownTopicIsAcknowledgedAndDropped() throws Exception {
        try (MqttDevice device = connect("T1")) {
            assertEquals(mqtt5() ? 0x90 : 0, device.publish("some/other/topic", "{\"a\":1}", 1),
                "MQTT 5: PUBACK 0x90 (topic name invalid); MQTT 3.x: a plain PUBACK");
            assertTrue(device.isConnected());
            assertEquals(Map.of(), tb.latestTelemetry("dev-1"));
            Event rejected = tb.awaitEvent(EventFilter.all().type(EventType.REJECTED), WAIT);
            assertEquals("some/other/topic", rejected.topic());
            assertTrue(rejected.error().startsWith("unknown topic"), rejected.error());
        }
    }

    @Test
    void aGatewayTopicFromANonGatewayDeviceGetsNoPuback() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", protocol);
            raw.publish("v1/gateway/telemetry", "{\"child\":[{\"a\":1}]}", 1);
            raw.ping(); // the next packet is the PINGRESP: no PUBACK came, and the connection is alive
            assertTrue(tb.awaitEvent(EventFilter.all().type(EventType.REJECTED), WAIT).error().contains("not a gateway"));
        }
    }

    @Test
    void qos2IsAnsweredWithPubackNotPubrec() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", protocol);
            int packetId = raw.publish("v1/devices/me/telemetry", "{\"q\":2}", 2);
            MqttMessage answer = raw.expect(MqttMessageType.PUBACK);
            assertEquals(packetId, ((MqttPubAckMessage) answer).variableHeader().messageId());
            assertEquals(KvValue.of(2), tb.latestTelemetry("dev-1").get("q"));
        }
    }

    @Test
    void qos0IsNeverAcknowledged() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", protocol);
            raw.publish("v1/devices/me/telemetry", "{\"q\":0}", 0);
            raw.ping();
            assertEquals(KvValue.of(0), tb.latestTelemetry("dev-1").get("q"));
        }
    }

    @ParameterizedTest(name = "payload of {0} bytes")
    @ValueSource(ints = {65536, 200_000})
    void aPacketOverTheSizeLimitClosesTheConnection(int payloadSize) throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", protocol);
            raw.publish("v1/devices/me/telemetry", "{\"before\":1}", 1);
            raw.expect(MqttMessageType.PUBACK);
            try {
                raw.publish("v1/devices/me/telemetry", "{\"big\":\"" + "x".repeat(payloadSize) + "\"}", 1);
            } catch (IOException closedWhileWriting) {
                // the server may close as soon as it has read the length, before the rest is written
            }
            List<MqttMessage> beforeClose = List.copyOf(raw.awaitClosed());
            if (mqtt5()) {
                assertEquals(1, beforeClose.size(), "no PUBACK for the oversized packet: " + beforeClose);
                assertEquals(0x81, RawMqtt.disconnectReason(beforeClose.get(0)), "malformed packet");
            } else {
                assertTrue(beforeClose.isEmpty(), "no PUBACK for the oversized packet: " + beforeClose);
            }
        }
        assertEquals(Map.of("before", KvValue.of(1)), tb.latestTelemetry("dev-1"));
        String why = tb.awaitEvent(EventFilter.all().type(EventType.REJECTED), WAIT).error();
        assertTrue(why.startsWith("packet over the size limit (") && why.contains("--max-packet-size"), why);
    }

    @Test
    void aPacketJustUnderTheLimitIsAccepted() throws Exception {
        String topic = "v1/devices/me/telemetry";
        String prefix = "{\"big\":\"";
        // remaining length = 2 + topic + 2 (packet id) [+ 1, MQTT 5's empty property length] + payload
        int payloadSize = 65536 - 2 - topic.length() - 2 - (mqtt5() ? 1 : 0);
        String payload = prefix + "x".repeat(payloadSize - prefix.length() - 2) + "\"}";
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", protocol);
            raw.publish(topic, payload, 1);
            raw.expect(MqttMessageType.PUBACK);
        }
        assertEquals(payloadSize - prefix.length() - 2, tb.latestTelemetry("dev-1").get("big").asString().length());
    }

    @Test
    void garbageInsteadOfMqttClosesOnlyThatConnection() throws Exception {
        try (MqttDevice bystander = connect("T2");
             RawMqtt raw = new RawMqtt(port)) {
            raw.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertTrue(raw.awaitClosed().isEmpty());
            bystander.publish("v1/devices/me/telemetry", "{\"ok\":true}", 1);
            assertEquals(KvValue.of(true), tb.latestTelemetry("bystander").get("ok"));
        }
    }
}
