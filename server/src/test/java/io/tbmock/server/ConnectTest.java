package io.tbmock.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.tbmock.server.model.DeviceCredentials.token;
import static io.tbmock.testing.MqttDevice.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CONNECT as ThingsBoard answers it (docs/thingsboard-mqtt.md §2): access tokens, CONNACK codes, protocol levels, sessions. */
class ConnectTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void deviceConnectsWithItsAccessTokenAsUsername() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            assertTrue(device.isConnected());
            assertTrue(tb.awaitConnected("dev-1", WAIT).connected());
            assertEquals(device.clientId(), tb.session("dev-1").clientId());
        }
    }

    @Test
    void passwordAndClientIdAreIgnoredForAccessTokens() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = MqttDevice.connect(port, options().username("T1").password("anything"))) {
            assertTrue(device.isConnected());
        }
    }

    @Test
    void unknownTokenIsRefusedWithNotAuthorized() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        assertEquals(5, MqttDevice.refusalCode(port, options().username("nope")));
        assertEquals(5, MqttDevice.refusalCode(port, options().username("t1")), "tokens are case-sensitive");
    }

    @Test
    void unknownUsernameAndPasswordIsRefusedWith5NeverWith4() {
        assertEquals(5, MqttDevice.refusalCode(port, options().username("u").password("p")));
    }

    @Test
    void unknownClientIdWithoutCredentialsIsRefusedWithIdentifierRejected() {
        assertEquals(2, MqttDevice.refusalCode(port, options().clientId("some-client")));
    }

    @Test
    void emptyClientIdWithoutCredentialsIsRefusedWithNotAuthorized() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.send(MqttMessageBuilders.connect().clientId("").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).build());
            MqttConnAckMessage connAck = (MqttConnAckMessage) raw.expect(MqttMessageType.CONNACK);
            assertEquals(5, connAck.variableHeader().connectReturnCode().byteValue());
            assertTrue(raw.awaitClosed().isEmpty(), "the server closes after a refused CONNACK");
        }
    }

    @Test
    void refusedConnectIsJournaledWithTheReasonAndCode() {
        MqttDevice.refusalCode(port, options().clientId("c-1").username("nope"));
        Event rejected = tb.awaitEvent(EventFilter.all().type(EventType.CONNECT_REJECTED), WAIT);
        assertEquals("c-1", rejected.clientId());
        assertNull(rejected.device());
        assertTrue(rejected.error().contains("(CONNACK 0x05)"), rejected.error());
    }

    @Test
    void mqtt31DevicesConnect() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = MqttDevice.connect(port, options().username("T1").mqtt31())) {
            device.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            assertEquals(3, tb.session("dev-1").protocolVersion());
        }
    }

    @Test
    void mqtt31ClientIdLongerThan23CharactersClosesTheConnectionWithoutConnack() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.sendBytes(RawMqtt.connectPacket(3, "a-client-id-of-more-than-23-characters"));
            assertArrayEquals(new byte[0], raw.readUntilClosed());
        }
    }

    @Test
    void sessionPresentIsNotCleanSessionButSubscriptionsDoNotSurvive() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        for (int attempt = 0; attempt < 2; attempt++) {
            try (RawMqtt raw = new RawMqtt(port)) {
                raw.send(MqttMessageBuilders.connect().clientId("persistent").protocolVersion(MqttVersion.MQTT_3_1_1)
                    .cleanSession(false).hasUser(true).username("T1").build());
                MqttConnAckMessage connAck = (MqttConnAckMessage) raw.expect(MqttMessageType.CONNACK);
                assertEquals(0, connAck.variableHeader().connectReturnCode().byteValue());
                assertTrue(connAck.variableHeader().isSessionPresent());
                tb.awaitConnected("dev-1", WAIT);
                assertEquals(List.of(), tb.session("dev-1").subscriptions(), "nothing kept from the last session");
                raw.send(MqttMessageBuilders.subscribe().messageId(1)
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "v1/devices/me/attributes").build());
                raw.expect(MqttMessageType.SUBACK);
            }
            awaitDisconnected("dev-1");
        }
    }

    @Test
    void theKeepAliveIsNotEnforcedAsInThingsBoard() throws Exception {
        // ThingsBoard's pipeline has no idle handler (docs/thingsboard-mqtt.md §1.2); neither may the engine's count.
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.send(MqttMessageBuilders.connect().clientId("quiet").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).hasUser(true).username("T1").keepAlive(1).build());
            raw.expect(MqttMessageType.CONNACK);
            raw.assertSilentFor(Duration.ofMillis(2500)); // past 1.5 times the keep-alive, which MQTT would close at
            raw.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            raw.expect(MqttMessageType.PUBACK);
        }
    }

    @Test
    void packetsPipelinedBehindConnectAreHandledInOrderOnceConnected() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (RawMqtt raw = new RawMqtt(port)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(RawMqtt.encode(MqttMessageBuilders.connect().clientId("pipelined")
                .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).hasUser(true).username("T1").build()));
            all.writeBytes(RawMqtt.encode(MqttMessageBuilders.publish().topicName("v1/devices/me/telemetry")
                .qos(MqttQoS.AT_LEAST_ONCE).messageId(7)
                .payload(Unpooled.copiedBuffer("{\"n\":1}", StandardCharsets.UTF_8))
                .build()));
            all.writeBytes(RawMqtt.encode(MqttMessageBuilders.subscribe().messageId(8)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "v1/devices/me/attributes").build()));
            raw.sendBytes(all.toByteArray());

            assertEquals(MqttMessageType.CONNACK, raw.next().fixedHeader().messageType());
            MqttMessage second = raw.next();
            assertEquals(7, ((MqttPubAckMessage) second).variableHeader().messageId());
            MqttMessage third = raw.next();
            assertEquals(8, ((MqttSubAckMessage) third).variableHeader().messageId());
            assertEquals(KvValue.of(1), tb.latestTelemetry("dev-1").get("n"));
        }
    }

    @Test
    void aSecondSessionOfTheSameDeviceTakesTheFirstOver() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice first = MqttDevice.connectWithToken(port, "T1")) {
            tb.awaitConnected("dev-1", WAIT);
            try (MqttDevice second = MqttDevice.connectWithToken(port, "T1")) {
                assertTrue(first.awaitConnectionLost(), "the older session is closed");
                second.publish("v1/devices/me/telemetry", "{\"from\":\"second\"}", 1);
                assertTrue(second.isConnected());
                assertEquals(second.clientId(), tb.awaitConnected("dev-1", WAIT).clientId());
                Event disconnect = tb.awaitEvent(EventFilter.all().type(EventType.DISCONNECT), WAIT);
                assertEquals(first.clientId(), disconnect.clientId());
                assertTrue(disconnect.error().contains("taken over"), disconnect.error());
            }
        }
    }

    @Test
    void theSameClientIdOnTwoDevicesDoesNotConflict() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        tb.createDevice(NewDevice.named("dev-2").credentials(token("T2")));
        try (MqttDevice one = MqttDevice.connect(port, options().clientId("same").username("T1"));
             MqttDevice two = MqttDevice.connect(port, options().clientId("same").username("T2"))) {
            one.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            two.publish("v1/devices/me/telemetry", "{\"a\":2}", 1);
            assertTrue(one.isConnected() && two.isConnected());
        }
    }

    @Test
    void aPacketOtherThanConnectFirstClosesTheConnection() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.send(MqttMessage.PINGREQ);
            assertTrue(raw.awaitClosed().isEmpty());
        }
    }

    private static void awaitDisconnected(String device) {
        tb.awaitEvent(EventFilter.all().device(device).type(EventType.DISCONNECT), WAIT);
        tb.resetData();
        assertFalse(tb.session(device).connected());
    }
}
