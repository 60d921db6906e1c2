package io.tbmock.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONNACK, PUBACK, UNSUBACK and DISCONNECT byte by byte, as ThingsBoard writes them for MQTT 5 and 3.1.1
 * (docs/thingsboard-mqtt.md §1.5–1.8, §2.4).
 */
class Mqtt5WireTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final byte CONNACK = 0x20;
    private static final byte PUBACK = 0x40;
    private static final byte UNSUBACK = (byte) 0xB0;
    private static final byte DISCONNECT = (byte) 0xE0;

    @BeforeEach
    void createDevice() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
    }

    private static MqttMessage connect(MqttVersion version, String token, boolean cleanSession) {
        return MqttMessageBuilders.connect().clientId("wire").protocolVersion(version).cleanSession(cleanSession)
            .keepAlive(60).hasUser(true).username(token).build();
    }

    @Test
    void anAcceptedMqtt5ConnackHasNoPropertiesAndSessionPresentIsNotCleanStart() throws Exception {
        assertArrayEquals(new byte[] {CONNACK, 3, 0, 0, 0}, firstBytes(connect(MqttVersion.MQTT_5, "T1", true), 5));
        assertArrayEquals(new byte[] {CONNACK, 3, 1, 0, 0}, firstBytes(connect(MqttVersion.MQTT_5, "T1", false), 5),
            "clean start 0 gives session present 1, though ThingsBoard keeps no session (docs/thingsboard-mqtt.md §1.8)");
    }

    @Test
    void aRefusedMqtt5ConnackSaysNoSessionAndIsFollowedByADisconnectWithTheSameCode() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.send(connect(MqttVersion.MQTT_5, "nope", false));
            assertArrayEquals(new byte[] {CONNACK, 3, 0, (byte) 0x86, 0, DISCONNECT, 2, (byte) 0x86, 0},
                raw.readUntilClosed());
        }
        String error = tb.awaitEvent(EventFilter.all().type(EventType.CONNECT_REJECTED), WAIT).error();
        assertTrue(error.endsWith("(CONNACK 0x86)"), "codes print as unsigned hex, as the specs write them: " + error);
    }

    @Test
    void aRefusedMqtt311ConnackSaysNoSessionAndTheConnectionJustCloses() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.send(connect(MqttVersion.MQTT_3_1_1, "nope", false));
            assertArrayEquals(new byte[] {CONNACK, 2, 0, 5}, raw.readUntilClosed());
        }
    }

    @Test
    void aClientDisconnectIsAnsweredWithDisconnect0x00() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_5);
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 120));
            raw.send(MqttMessageBuilders.disconnect().reasonCode((byte) 0x04).properties(properties).build());
            assertArrayEquals(new byte[] {DISCONNECT, 0}, raw.readUntilClosed(), "DISCONNECT, normal disconnection");
        }
        String reason = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.DISCONNECT), WAIT).error();
        assertEquals("the device sent DISCONNECT with reason code 0x04 and session expiry 120 s "
            + "(ThingsBoard keeps no session) (DISCONNECT 0x00)", reason);
    }

    @Test
    void aMalformedPacketOnAnMqtt5SessionGetsDisconnect0x81() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_5);
            // PUBLISH QoS 0, topic "a/#" (a wildcard in a topic name), no properties, empty payload
            raw.sendBytes(new byte[] {0x30, 6, 0, 3, 'a', '/', '#', 0});
            assertArrayEquals(new byte[] {DISCONNECT, 2, (byte) 0x81, 0}, raw.readUntilClosed());
        }
    }

    @Test
    void anInvalidPayloadAtQos0GetsDisconnect0x99() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_5);
            raw.publish("v1/devices/me/telemetry", "{not json", 0);
            assertArrayEquals(new byte[] {DISCONNECT, 2, (byte) 0x99, 0}, raw.readUntilClosed());
        }
    }

    @Test
    void aTakenOverSessionGetsDisconnect0x8E() throws Exception {
        try (RawMqtt first = new RawMqtt(port); RawMqtt second = new RawMqtt(port)) {
            first.connectWithToken("T1", MqttProtocol.MQTT_5);
            assertEquals(0, second.connectWithToken("T1", MqttProtocol.MQTT_5));
            assertArrayEquals(new byte[] {DISCONNECT, 2, (byte) 0x8E, 0}, first.readUntilClosed());
            second.ping();
        }
    }

    @Test
    void moreThan100PacketsBeforeTheSessionIsReadyGetDisconnect0x97() throws Exception {
        ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
        pipelined.writeBytes(RawMqtt.encode(connect(MqttVersion.MQTT_5, "T1", true)));
        for (int i = 0; i < 150; i++) {
            pipelined.writeBytes(new byte[] {(byte) 0xC0, 0}); // PINGREQ
        }
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.sendBytes(pipelined.toByteArray()); // one write: all of it is read before the session is ready
            assertArrayEquals(new byte[] {DISCONNECT, 2, (byte) 0x97, 0}, raw.readUntilClosed(),
                "quota exceeded, and no CONNACK, as ThingsBoard closes");
        }
    }

    @Test
    void anInactiveSessionGetsDisconnect0x83() throws Exception {
        try (TbMockServer quick = TbMockServer.start(TbMockOptions.builder().mqttPort(0)
            .mqttsPort(TbMockOptions.DISABLED).bindAddress("127.0.0.1").inactivityTimeout(Duration.ofMillis(300)).build())) {
            quick.mock().createDevice(NewDevice.named("idle").credentials(token("T9")));
            try (RawMqtt raw = new RawMqtt(quick.mqttPort())) {
                raw.connectWithToken("T9", MqttProtocol.MQTT_5);
                assertArrayEquals(new byte[] {DISCONNECT, 2, (byte) 0x83, 0}, raw.readUntilClosed());
            }
        }
    }

    @Test
    void aProvisionSessionIsNeverClosedForInactivity() throws Exception {
        try (TbMockServer quick = TbMockServer.start(TbMockOptions.builder().mqttPort(0)
            .mqttsPort(TbMockOptions.DISABLED).bindAddress("127.0.0.1").inactivityTimeout(Duration.ofMillis(300)).build())) {
            try (RawMqtt raw = new RawMqtt(quick.mqttPort())) {
                raw.send(MqttMessageBuilders.connect().clientId("provisioning").protocolVersion(MqttVersion.MQTT_5)
                    .hasUser(true).username("provision").build());
                raw.expect(MqttMessageType.CONNACK);
                raw.assertSilentFor(Duration.ofMillis(1000)); // over three timeouts
                raw.ping(); // and its PINGRESP
            }
        }
    }

    @Test
    void aPayloadThingsBoardFailsOnGetsDisconnect0x8B() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_5);
            raw.publish("v1/devices/me/rpc/request/1", "{\"params\":1}", 1);
            assertArrayEquals(new byte[] {DISCONNECT, 2, (byte) 0x8B, 0}, raw.readUntilClosed(), "and no PUBACK");
        }
    }

    @Test
    void aDisconnectAskedForByTheTestCarriesItsReasonCode() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_5);
            tb.disconnect("dev-1", 0x98);
            assertArrayEquals(new byte[] {DISCONNECT, 2, (byte) 0x98, 0}, raw.readUntilClosed());
        }
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_3_1_1);
            tb.disconnect("dev-1", 0x98);
            assertArrayEquals(new byte[0], raw.readUntilClosed(), "MQTT 3.1.1 has no server DISCONNECT");
        }
    }

    @Test
    void aProvisionSessionPublishingElsewhereGetsPuback0x90ThenDisconnect0x90() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            assertEquals(0, raw.connectWithToken("provision", MqttProtocol.MQTT_5));
            raw.publish("v1/devices/me/telemetry", "{}", 1);
            assertArrayEquals(new byte[] {PUBACK, 4, 0, 1, (byte) 0x90, 0, DISCONNECT, 2, (byte) 0x90, 0},
                raw.readUntilClosed());
        }
    }

    @Test
    void propertiesOfAPublishAreIgnored() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_5);
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.UserProperty("origin", "test"));
            properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.RESPONSE_TOPIC.value(),
                "reply/here"));
            properties.add(new MqttProperties.IntegerProperty(
                MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), 1));
            raw.send(MqttMessageBuilders.publish().topicName("v1/devices/me/telemetry").qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(1).properties(properties).payload(Unpooled.copiedBuffer("{\"p\":1}", StandardCharsets.UTF_8))
                .build());
            assertEquals(0, pubAckReason(raw.next()));
        }
        assertEquals(KvValue.of(1), tb.latestTelemetry("dev-1").get("p"));
    }

    @Test
    void pubacksCarryReasonCodesOnlyForMqtt5() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_5);
            assertArrayEquals(new byte[] {PUBACK, 2, 0, 1}, publishAndReadAck(raw, "v1/devices/me/telemetry"),
                "success: the reason code may be left out");
            assertArrayEquals(new byte[] {PUBACK, 4, 0, 2, (byte) 0x90, 0}, publishAndReadAck(raw, "wrong/topic"),
                "reason code, then an empty property length, as Netty writes it for ThingsBoard too");
        }
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_3_1_1);
            assertArrayEquals(new byte[] {PUBACK, 2, 0, 1}, publishAndReadAck(raw, "wrong/topic"),
                "MQTT 3.1.1: a plain PUBACK, indistinguishable from success");
        }
    }

    @Test
    void anAliasedPublishArrivesWithoutATopicAndGetsPuback0x90AsInThingsBoard() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", MqttProtocol.MQTT_5);
            MqttProperties alias = new MqttProperties();
            alias.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value(), 1));
            raw.send(MqttMessageBuilders.publish().topicName("v1/devices/me/telemetry").qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(1).properties(alias).payload(Unpooled.copiedBuffer("{\"a\":1}", StandardCharsets.UTF_8)).build());
            assertEquals(0, pubAckReason(raw.next()), "the first use names the topic: handled as that topic");
            raw.send(MqttMessageBuilders.publish().topicName("").qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(2).properties(alias).payload(Unpooled.copiedBuffer("{\"a\":2}", StandardCharsets.UTF_8)).build());
            assertEquals(0x90, pubAckReason(raw.next()), "ThingsBoard resolves no alias: an empty topic is unknown");
        }
    }

    /** Found by the HiveMQ client, which refuses a 3.1.1 UNSUBACK longer than its packet id. */
    @Test
    void anMqtt311UnsubackIsThePacketIdAloneAndAnMqtt5OneHasACodePerFilter() throws Exception {
        assertArrayEquals(new byte[] {UNSUBACK, 2, 0, 5}, unsubAck(MqttProtocol.MQTT_3_1_1));
        assertArrayEquals(new byte[] {UNSUBACK, 4, 0, 5, 0, 0x11}, unsubAck(MqttProtocol.MQTT_5),
            "no properties, 0x11: no subscription existed");
    }

    private byte[] unsubAck(MqttProtocol protocol) throws IOException {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1", protocol);
            raw.send(MqttMessageBuilders.unsubscribe().messageId(5).addTopicFilter("v1/devices/me/attributes").build());
            byte[] header = raw.readBytes(2);
            byte[] unsubAck = Arrays.copyOf(header, 2 + header[1]);
            System.arraycopy(raw.readBytes(header[1]), 0, unsubAck, 2, header[1]);
            return unsubAck;
        }
    }

    private static int pubAckReason(MqttMessage pubAck) {
        return pubAck.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
            ? reply.reasonCode() & 0xFF : 0;
    }

    private byte[] firstBytes(MqttMessage connect, int count) throws IOException {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.send(connect);
            return raw.readBytes(count);
        }
    }

    private static byte[] publishAndReadAck(RawMqtt raw, String topic) throws IOException {
        raw.publish(topic, "{\"a\":1}", 1);
        byte[] header = raw.readBytes(2);
        byte[] rest = raw.readBytes(header[1]);
        byte[] ack = new byte[2 + rest.length];
        System.arraycopy(header, 0, ack, 0, 2);
        System.arraycopy(rest, 0, ack, 2, rest.length);
        return ack;
    }
}
