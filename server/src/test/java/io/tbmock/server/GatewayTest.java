package io.tbmock.server;

import io.tbmock.server.model.Device;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.JsonAssert;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway API (docs/thingsboard-mqtt.md §11) with a real MQTT client acting as the gateway, mirroring ThingsBoard's gateway
 * tests (testGatewayConnect, testPushTelemetryGateway, testPushAttributesGateway, the gateway claim, attribute
 * request and RPC tests, BB/MqttGatewayClientTest).
 */
@ForEachProtocol
class GatewayTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private MqttDevice gateway;

    GatewayTest(MqttProtocol protocol) {
        super(protocol);
    }

    @BeforeEach
    void connectGateway() throws Exception {
        tb.createDevice(NewDevice.named("gw").gateway(true).credentials(token("GW")));
        gateway = connect("GW");
    }

    @AfterEach
    void closeGateway() {
        gateway.close();
    }

    // --- connect, disconnect ----------------------------------------------------------------------------

    @Test
    void connectCreatesTheChildWithItsTypeAndAcknowledgesOnceItIsReady() throws Exception {
        assertEquals(0, gateway.publish("v1/gateway/connect", "{\"device\":\"Sensor A\",\"type\":\"thermometer\"}", 1));
        Device child = tb.device("Sensor A");
        assertEquals("thermometer", child.type());
        assertEquals("gw", child.lastConnectedGateway());
        assertTrue(child.connected(), "connected through the gateway");
        assertEquals(List.of("Sensor A"), tb.children("gw").stream().map(Device::name).toList());
        Event connect = tb.awaitEvent(EventFilter.all().device("Sensor A").type(EventType.CONNECT), WAIT);
        assertEquals("gw", connect.gateway());
        assertEquals("v1/gateway/connect", connect.topic());
    }

    @Test
    void anExistingDeviceIsReusedWhateverItsType() throws Exception {
        tb.createDevice(NewDevice.named("meter").type("power").credentials(token("M1")));
        gateway.publish("v1/gateway/connect", "{\"device\":\"meter\",\"type\":\"other\"}", 1);
        assertEquals("power", tb.device("meter").type());
        assertEquals(2, tb.devices().size());
    }

    @Test
    void disconnectEndsTheChildSessionAndAnUnknownNameIsAcknowledged() throws Exception {
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        assertEquals(0, gateway.publish("v1/gateway/disconnect", "{\"device\":\"A\"}", 1));
        assertFalse(tb.device("A").connected());
        assertEquals("the gateway disconnected it on v1/gateway/disconnect",
            tb.awaitEvent(EventFilter.all().device("A").type(EventType.DISCONNECT), WAIT).error());
        assertEquals(0, gateway.publish("v1/gateway/disconnect", "{\"device\":\"nobody\"}", 1));
        assertTrue(gateway.isConnected());
    }

    @Test
    void aDeletedChildIsCreatedAgainByTheGatewaysNextMessageForIt() throws Exception {
        gateway.publish("v1/gateway/telemetry", "{\"A\":[{\"t\":1}]}", 1);
        String firstId = tb.device("A").id();
        tb.deleteDevice("A");
        assertTrue(gateway.isConnected(), "deleting a child leaves its gateway connected");
        gateway.publish("v1/gateway/telemetry", "{\"A\":[{\"t\":2}]}", 1);
        assertFalse(firstId.equals(tb.device("A").id()), "a new device of the same name (BB deviceCreationAfterDeleted)");
        assertEquals(Map.of("t", KvValue.of(2)), tb.latestTelemetry("A"));
    }

    @Test
    void theGatewaysOwnConnectionClosingClosesItsChildren() throws Exception {
        gateway.publish("v1/gateway/telemetry", "{\"A\":[{\"t\":1}],\"B\":[{\"t\":2}]}", 1);
        assertTrue(tb.device("A").connected() && tb.device("B").connected());
        gateway.close();
        tb.awaitDisconnected("A", WAIT);
        tb.awaitDisconnected("B", WAIT);
        assertEquals("the gateway's connection closed",
            tb.awaitEvent(EventFilter.all().device("B").type(EventType.DISCONNECT), WAIT).error());
    }

    // --- telemetry, attributes, claims ---------------------------------------------------------------

    @Test
    void telemetryForSeveralDevicesIsStoredForEachAndCreatesThem() throws Exception {
        assertEquals(0, gateway.publish("v1/gateway/telemetry", "{\"Device A\":[{\"ts\":1000,\"values\":{\"temp\":42}},"
            + "{\"ts\":2000,\"values\":{\"temp\":43}}],\"Device B\":[{\"humidity\":60,"
            + "\"metadata\":{\"connector\":\"modbus\",\"receivedTs\":1,\"publishedTs\":2}}]}", 1));
        assertEquals(List.of(1000L, 2000L), tb.telemetry("Device A", "temp").get("temp").stream()
            .map(value -> value.ts()).toList());
        assertEquals(Map.of("humidity", KvValue.of(60)), tb.latestTelemetry("Device B"), "metadata is not telemetry");
        Event telemetry = tb.awaitEvent(EventFilter.all().device("Device B").type(EventType.TELEMETRY), WAIT);
        assertEquals("gw", telemetry.gateway());
        assertEquals("v1/gateway/telemetry", telemetry.topic());
        assertEquals("default", tb.device("Device B").type());
    }

    @Test
    void attributesForSeveralDevicesAreStoredForEach() throws Exception {
        assertEquals(0, gateway.publish("v1/gateway/attributes",
            "{\"A\":{\"model\":\"X\",\"fw\":\"v1\"},\"B\":{\"model\":\"Y\"}}", 1));
        assertEquals(Map.of("model", KvValue.of("X"), "fw", KvValue.of("v1")), tb.attributes("A").client());
        assertEquals(Map.of("model", KvValue.of("Y")), tb.attributes("B").client());
    }

    @Test
    void aClaimIsRecordedForTheChildAndAnEmptyObjectUsesTheDefaults() throws Exception {
        gateway.publish("v1/gateway/claim", "{\"A\":{\"secretKey\":\"s\",\"durationMs\":60000},\"B\":{}}", 1);
        assertEquals("s", tb.claim("A").orElseThrow().secretKey());
        assertEquals(86_400_000L, tb.claim("B").orElseThrow().durationMs());
    }

    @Test
    void entriesOfTheWrongShapeAreSkippedAndTheOthersKept() throws Exception {
        assertEquals(0, gateway.publish("v1/gateway/telemetry", "{\"A\":{\"t\":1},\"B\":[{\"t\":2}]}", 1));
        assertEquals(Map.of("t", KvValue.of(2)), tb.latestTelemetry("B"));
        assertThrows(NotFoundException.class, () -> tb.device("A"), "a skipped entry creates nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1/gateway/telemetry | {\"A\":{\"t\":1}}", "v1/gateway/attributes | {\"A\":[1]}",
        "v1/gateway/telemetry | {}", "v1/gateway/telemetry | []", "v1/gateway/attributes | \"x\"",
        "v1/gateway/connect | {\"type\":\"t\"}", "v1/gateway/rpc | {\"device\":\"A\",\"id\":1}"})
    void aMessageThingsBoardFailsOnGetsPuback0x83AndDisconnect0x83(String topicAndPayload) throws Exception {
        String[] parts = topicAndPayload.split(" \\| ", 2);
        CompletableFuture<Integer> answer = gateway.publishAsync(parts[0], parts[1], 1);
        assertEquals(mqtt5() ? Integer.valueOf(0x83) : null, gateway.awaitDisconnectReason());
        if (mqtt5()) {
            assertEquals(0x83, MqttDevice.pubAckOrNull(answer), "PUBACK 0x83, then the DISCONNECT");
        }
        assertTrue(tb.awaitEvent(EventFilter.all().device("gw").type(EventType.REJECTED), WAIT).error()
            .startsWith("gateway message ThingsBoard fails on"));
    }

    @Test
    void aPartThatCannotBeConvertedIsAnsweredPerVersionAndTheOtherDevicesKeepTheirData() throws Exception {
        CompletableFuture<Integer> answer = gateway.publishAsync("v1/gateway/telemetry",
            "{\"good\":[{\"t\":1}],\"bad\":[{\"t\":2},3]}", 1);
        if (mqtt5()) {
            assertEquals(0x99, answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(gateway.isConnected());
        } else {
            assertTrue(gateway.awaitConnectionLost(), "MQTT 3.x: the gateway's connection is closed");
        }
        assertEquals(Map.of("t", KvValue.of(1)), tb.latestTelemetry("good"));
        assertEquals(Map.of(), tb.latestTelemetry("bad"), "a refused part stores nothing");
        assertTrue(tb.awaitEvent(EventFilter.all().device("bad").type(EventType.REJECTED), WAIT).error()
            .startsWith("invalid part for this device"));
    }

    @Test
    void aPayloadThatIsNotJsonFollowsTheDeviceErrorMatrix() throws Exception {
        assertRefusedAsInvalid(gateway, gateway.publishAsync("v1/gateway/telemetry", "{not json", 1));
    }

    @Test
    void anUnknownGatewayTopicIsAcknowledged() throws Exception {
        assertEquals(mqtt5() ? 0x90 : 0, gateway.publish("v1/gateway/unknown", "{}", 1));
        assertTrue(gateway.isConnected());
    }

    @Test
    void atQos0ThereIsNoPubackAndAnMqtt5GatewayGetsANoticePerDevice() throws Exception {
        gateway.publish("v1/gateway/telemetry", "{\"A\":[{\"t\":1}],\"B\":[{\"t\":2}]}", 0);
        if (mqtt5()) {
            assertEquals(new MqttDevice.Received("v1/gateway/disconnect", "{\"device\":\"A\",\"reason\":129}", 1),
                gateway.nextMessage());
            assertEquals(new MqttDevice.Received("v1/gateway/disconnect", "{\"device\":\"B\",\"reason\":129}", 1),
                gateway.nextMessage());
        }
        gateway.roundTrip();
        assertTrue(gateway.received().isEmpty(), "nothing else: " + gateway.received());
        assertEquals(Map.of("t", KvValue.of(2)), tb.latestTelemetry("B"));
        assertTrue(tb.device("A").connected(), "the notice disconnects nothing");
    }

    @Test
    void theGatewayUsesItsOwnDeviceTopicsToo() throws Exception {
        gateway.publish("v1/devices/me/telemetry", "{\"uptime\":5}", 1);
        assertEquals(Map.of("uptime", KvValue.of(5)), tb.latestTelemetry("gw"));
    }

    // --- attribute requests --------------------------------------------------------------------------

    @Test
    void attributeResponsesTakeThingsBoardsFourShapes() throws Exception {
        gateway.publish("v1/gateway/attributes", "{\"A\":{\"c1\":1,\"c2\":\"two\"}}", 1);
        tb.setSharedAttributes("A", Map.of("s1", true));
        assertEquals("v1/gateway/attributes", gateway.nextMessage().topic(), "the child is subscribed to updates");
        gateway.subscribe(1, "v1/gateway/attributes/response");

        gateway.publish("v1/gateway/attributes/request", "{\"id\":1,\"device\":\"A\",\"client\":true,\"key\":\"c1\"}", 1);
        assertResponse("{\"id\":1,\"device\":\"A\",\"value\":1}");
        gateway.publish("v1/gateway/attributes/request", "{\"id\":2,\"device\":\"A\",\"client\":true,\"key\":\"nope\"}", 1);
        assertResponse("{\"id\":2,\"device\":\"A\"}");
        gateway.publish("v1/gateway/attributes/request",
            "{\"id\":3,\"device\":\"A\",\"client\":true,\"keys\":[\"c1\",\"c2\",\"nope\"]}", 1);
        assertResponse("{\"id\":3,\"device\":\"A\",\"values\":{\"c1\":1,\"c2\":\"two\"}}");
        gateway.publish("v1/gateway/attributes/request", "{\"id\":4,\"device\":\"A\",\"client\":false,\"keys\":[\"s1\"]}", 1);
        assertResponse("{\"id\":4,\"device\":\"A\",\"value\":true}");
        gateway.publish("v1/gateway/attributes/request", "{\"id\":5,\"device\":\"A\",\"client\":false,\"keys\":[]}", 1);
        assertResponse("{\"id\":5,\"device\":\"A\",\"value\":true,\"values\":{\"c1\":1,\"c2\":\"two\"}}");
        assertEquals("gw", tb.awaitEvent(EventFilter.all().device("A").type(EventType.ATTRIBUTE_RESPONSE), WAIT).gateway());
    }

    private void assertResponse(String expected) throws InterruptedException {
        MqttDevice.Received response = gateway.nextMessage();
        assertEquals("v1/gateway/attributes/response", response.topic());
        JsonAssert.assertJsonEquals(expected, response.payload());
    }

    @Test
    void theDocumentedRequestFormThatThingsBoardRejectsIsRejected() throws Exception {
        gateway.publishAsync("v1/gateway/attributes/request",
            "{\"id\":1,\"device\":\"A\",\"client\":[\"k\"],\"shared\":[\"k2\"]}", 1);
        assertEquals(mqtt5() ? Integer.valueOf(0x83) : null, gateway.awaitDisconnectReason());
    }

    // --- downlinks: shared attributes and server-side RPC --------------------------------------------

    @Test
    void sharedAttributesAreWrappedForTheGatewayAtItsSubscriptionsQos() throws Exception {
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        assertTrue(tb.setSharedAttributes("A", Map.of("target", 21.5)), "children are subscribed at once");
        assertEquals(new MqttDevice.Received("v1/gateway/attributes", "{\"device\":\"A\",\"data\":{\"target\":21.5}}", 1),
            gateway.nextMessage());
        gateway.subscribe(0, "v1/gateway/attributes");
        tb.deleteSharedAttributes("A", "target");
        assertEquals(new MqttDevice.Received("v1/gateway/attributes", "{\"device\":\"A\",\"data\":{\"deleted\":[\"target\"]}}",
            0), gateway.nextMessage(), "the gateway's SUBSCRIBE sets the QoS");
    }

    @Test
    void aServerRpcToAChildIsAnsweredThroughTheGateway() throws Exception {
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        CompletableFuture<ServerRpc> rpc = tb.sendRpcAsync("A", RpcRequest.twoWay("setGpio").params("{\"pin\":4}"));
        MqttDevice.Received request = gateway.nextMessage();
        assertEquals("v1/gateway/rpc", request.topic());
        JsonAssert.assertJsonEquals("{\"device\":\"A\",\"data\":{\"id\":0,\"method\":\"setGpio\",\"params\":{\"pin\":4}}}",
            request.payload());
        gateway.roundTrip(); // the gateway's PUBACK for the RPC is in
        assertEquals(RpcStatus.SENT, tb.rpc("A", 0).status(), "a gateway's PUBACK does not mark it DELIVERED");
        assertEquals(0, gateway.publish("v1/gateway/rpc", "{\"device\":\"A\",\"id\":0,\"data\":{\"success\":true}}", 1));
        ServerRpc done = rpc.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(RpcStatus.SUCCESSFUL, done.status());
        assertEquals("{\"success\":true}", done.response());
    }

    @Test
    void anRpcQueuedForAnOfflineChildGoesOutWhenTheGatewayConnectsIt() throws Exception {
        tb.createDevice(NewDevice.named("A").credentials(token("TA")));
        CompletableFuture<ServerRpc> rpc = tb.sendRpcAsync("A", RpcRequest.oneWay("reboot"));
        gateway.publish("v1/gateway/attributes", "{\"A\":{\"up\":true}}", 1);
        MqttDevice.Received request = gateway.nextMessage();
        JsonAssert.assertJsonEquals("{\"device\":\"A\",\"data\":{\"id\":0,\"method\":\"reboot\",\"params\":{}}}",
            request.payload());
        assertEquals(RpcStatus.DELIVERED, rpc.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status(),
            "one-way: done once written");
    }

    // --- ThingsBoard's notices to a gateway about its children (DefaultGatewayNotificationsService) --------

    @Test
    void deletingAChildTellsItsGatewayWithAOneWayRpc() throws Exception {
        gateway.subscribe(1, "v1/devices/me/rpc/request/+");
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        tb.deleteDevice("A");
        MqttDevice.Received notice = gateway.nextMessage();
        assertEquals("v1/devices/me/rpc/request/0", notice.topic());
        JsonAssert.assertJsonEquals("{\"method\":\"gateway_device_deleted\",\"params\":\"A\"}", notice.payload());
        assertEquals(RpcStatus.DELIVERED, tb.awaitRpcResponse("gw", 0, WAIT).status(), "one-way");
        assertTrue(tb.children("gw").isEmpty());
    }

    @Test
    void aNoticeWaitsUntilTheGatewaySubscribesToRpc() throws Exception {
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        gateway.publish("v1/gateway/disconnect", "{\"device\":\"A\"}", 1);
        gateway.close();
        tb.deleteDevice("A"); // while the gateway is offline, as ThingsBoard keeps the RPC for a day
        assertEquals(RpcStatus.QUEUED, tb.rpc("gw", 0).status());
        try (MqttDevice again = connect("GW")) {
            again.subscribe(1, "v1/devices/me/rpc/request/+");
            JsonAssert.assertJsonEquals("{\"method\":\"gateway_device_deleted\",\"params\":\"A\"}",
                again.nextMessage().payload());
        }
    }

    @Test
    void renamingAChildTellsItsGatewayAndBothNamesReachTheChild() throws Exception {
        gateway.subscribe(1, "v1/devices/me/rpc/request/+");
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        String id = tb.device("A").id();
        tb.renameDevice("A", "A2");
        MqttDevice.Received notice = gateway.nextMessage();
        JsonAssert.assertJsonEquals("{\"method\":\"gateway_device_renamed\",\"params\":{\"A\":\"A2\"}}",
            notice.payload());
        gateway.publish("v1/gateway/telemetry", "{\"A2\":[{\"t\":1}],\"A\":[{\"u\":2}]}", 1);
        assertEquals(Map.of("t", KvValue.of(1), "u", KvValue.of(2)), tb.latestTelemetry("A2"));
        assertEquals(id, tb.device("A2").id());
        assertEquals(1, tb.devices().stream().filter(device -> !device.gateway()).count(), "no device made anew");
        assertEquals(List.of("A2"), tb.children("gw").stream().map(Device::name).toList());
    }

    @Test
    void aChildWhoseGatewayIsGoneIsDeletedQuietly() throws Exception {
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        gateway.close();
        tb.deleteDevice("gw");
        tb.deleteDevice("A");
        assertEquals(List.of(), tb.devices());
    }

    @Test
    void renamingTheGatewayKeepsItsChildren() throws Exception {
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        tb.renameDevice("gw", "gw2");
        assertEquals("gw2", tb.device("A").lastConnectedGateway());
        assertEquals(List.of("A"), tb.children("gw2").stream().map(Device::name).toList());
    }

    // --- children and their own connections ----------------------------------------------------------

    @Test
    void aChildConnectingDirectlyTakesItsSessionOverAndTheGatewayTakesItBack() throws Exception {
        tb.createDevice(NewDevice.named("A").credentials(token("TA")));
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        try (MqttDevice direct = connect("TA")) {
            assertEquals(gateway.protocol().level(), tb.session("A").protocolVersion());
            direct.publish("v1/devices/me/telemetry", "{\"direct\":1}", 1);
            assertTrue(tb.session("A").subscriptions().isEmpty());
            gateway.publish("v1/gateway/telemetry", "{\"A\":[{\"via\":2}]}", 1);
            assertEquals(mqtt5() ? Integer.valueOf(0x8E) : null, direct.awaitDisconnectReason());
        }
        assertEquals(Map.of("direct", KvValue.of(1), "via", KvValue.of(2)), tb.latestTelemetry("A"));
    }

    @Test
    void aDeviceProvisionedAsAGatewayUsesTheGatewayApi() throws Exception {
        tb.createProvisionProfile(new ProvisionProfile("hubs", "KEY", "SECRET", ProvisionStrategy.ALLOW_CREATE_NEW_DEVICES));
        String answer;
        try (MqttDevice provision = MqttDevice.connect(port, deviceOptions().username("provision"))) {
            provision.publish("/provision/request", "{\"deviceName\":\"hub-2\",\"provisionDeviceKey\":\"KEY\","
                + "\"provisionDeviceSecret\":\"SECRET\",\"gateway\":true}", 1);
            answer = provision.nextMessage().payload();
        }
        String token = JsonAssert.tree(answer).get("credentialsValue").asText();
        try (MqttDevice hub = connect(token)) {
            assertEquals(0, hub.publish("v1/gateway/connect", "{\"device\":\"behind hub-2\"}", 1));
            assertTrue(tb.awaitConnected("behind hub-2", WAIT).connected(), "a wait on a child works as on any device");
            assertEquals("hub-2", tb.device("behind hub-2").lastConnectedGateway());
        }
    }

    @Test
    void otaIsNotForChildren() throws Exception {
        gateway.publish("v1/gateway/connect", "{\"device\":\"A\"}", 1);
        String pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1.0"), new byte[] {1, 2, 3}).id();
        ConflictException refused = assertThrows(ConflictException.class, () -> tb.assignOtaPackage("A", pkg));
        assertTrue(refused.getMessage().contains("child of gateway 'gw'"), refused.getMessage());
    }

    @Test
    void childrenOfADeviceThatIsNotAGatewayAreRefused() {
        tb.createDevice(NewDevice.named("plain").credentials(token("P")));
        assertThrows(ConflictException.class, () -> tb.children("plain"));
    }
}
