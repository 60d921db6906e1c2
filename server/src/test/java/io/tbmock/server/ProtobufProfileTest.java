package io.tbmock.server;

import io.netty.handler.codec.mqtt.MqttMessageType;
import io.tbmock.server.internal.tb.proto.TransportMessages.AttributeUpdateNotificationMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.AttributesRequest;
import io.tbmock.server.internal.tb.proto.TransportMessages.ClaimDevice;
import io.tbmock.server.internal.tb.proto.TransportMessages.GetAttributeResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.KeyValueType;
import io.tbmock.server.internal.tb.proto.TransportMessages.RpcRequest;
import io.tbmock.server.internal.tb.proto.TransportMessages.ToServerRpcResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.TsKvProto;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.ProtobufPayload;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.testing.DeviceSchemas;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tbmock.test.attributes.Attributes.PostAttributes;
import tbmock.test.presence.TelemetryPresence.PostTelemetry;
import tbmock.test.rpc.RpcRequest.RpcRequestMsg;
import tbmock.test.rpc.defaults.RpcRequestDefault;
import tbmock.test.rpc.response.RpcResponse.RpcResponseMsg;
import tbmock.test.timestamped.TelemetryTs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices of a protobuf profile (docs/device-profiles.md), publishing messages protoc generated from the same
 * schemas the profile holds: the cases ThingsBoard's protobuf MQTT tests assert (AbstractMqttTimeseriesProtoIntegrationTest,
 * MqttAttributesProtoIntegrationTest, the RPC, claim and backward-compatibility ones), on MQTT 3.1.1 and 5.
 */
@ForEachProtocol
class ProtobufProfileTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TELEMETRY = "v1/devices/me/telemetry";

    ProtobufProfileTest(MqttProtocol protocol) {
        super(protocol);
    }

    private static ProtobufPayload payload(String telemetrySchema) {
        return ProtobufPayload.of(DeviceSchemas.text(telemetrySchema), DeviceSchemas.text("attributes.proto"));
    }

    private void profile(ProtobufPayload payload) {
        profile(MqttTransportConfiguration.protobuf(payload));
    }

    private void profile(MqttTransportConfiguration mqtt) {
        tb.saveDeviceProfile(DeviceProfile.mqtt("sensor", mqtt));
    }

    @BeforeEach
    void createDevice() {
        tb.createDevice(NewDevice.named("dev-1").type("sensor").credentials(token("T1")));
    }

    // --- telemetry and attributes in the profile's schemas ----------------------------------------------

    @Test
    void optionalFieldsAreStoredWhenSetEvenToTheirDefaultAndLeftOutWhenUnset() throws Exception {
        profile(payload("telemetry_presence.proto"));
        PostTelemetry message = PostTelemetry.newBuilder().setKey1("").setKey2(false).setKey3(0.0)
            .setKey5(PostTelemetry.JsonObject.newBuilder().setSomeNumber(42).addAllSomeArray(List.of(1, 2, 3))
                .setSomeNestedObject(PostTelemetry.JsonObject.NestedJsonObject.newBuilder().setKey("value")))
            .build();
        try (MqttDevice device = connect("T1")) {
            assertEquals(0, device.publish(TELEMETRY, message.toByteArray(), 1));
        }
        assertEquals(Map.of("key1", KvValue.of(""), "key2", KvValue.of(false), "key3", KvValue.of(0.0),
                "key5", KvValue.json("{\"someNumber\":42,\"someArray\":[1,2,3],\"someNestedObject\":{\"key\":\"value\"}}")),
            tb.latestTelemetry("dev-1"));
    }

    @Test
    void theTsAndValuesFormSetsTheTimestampAndFieldsWithoutPresenceAreStoredWithTheirDefaults() throws Exception {
        profile(payload("telemetry_ts.proto"));
        TelemetryTs.PostTelemetry message = TelemetryTs.PostTelemetry.newBuilder().setTs(10000)
            .setValues(TelemetryTs.Values.newBuilder().setBigCounter(9_000_000_000L).setMode(TelemetryTs.Mode.RUNNING))
            .build();
        try (MqttDevice device = connect("T1")) {
            device.publish(TELEMETRY, message.toByteArray(), 1);
        }
        Map<String, KvValue> expected = Map.of("key1", KvValue.of(""), "key2", KvValue.of(false),
            "key3", KvValue.of(0.0), "key4", KvValue.of(0), "bigCounter", KvValue.of(9_000_000_000L),
            "mode", KvValue.of("RUNNING"));
        assertEquals(expected, tb.latestTelemetry("dev-1"), "int64 printed as a string is cast back; enums are names");
        assertEquals(10000, tb.telemetry("dev-1", "key4").get("key4").get(0).ts());
    }

    @Test
    void attributesAreReadWithTheirJsonNames() throws Exception {
        profile(payload("telemetry_presence.proto"));
        PostAttributes message = PostAttributes.newBuilder().setFirmwareVersion("v1.2").setEnabled(true).setRetries(3)
            .build();
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/attributes", message.toByteArray(), 1);
        }
        assertEquals(Map.of("firmwareVersion", KvValue.of("v1.2"), "enabled", KvValue.of(true), "retries", KvValue.of(3)),
            tb.attributes("dev-1").client(), "snake_case fields are read by their JSON names");
    }

    @Test
    void theJournalShowsAProtobufPayloadDecodedAndRaw() throws Exception {
        profile(payload("telemetry_presence.proto"));
        byte[] bytes = PostTelemetry.newBuilder().setKey4(7).build().toByteArray();
        try (MqttDevice device = connect("T1")) {
            device.publish(TELEMETRY, bytes, 1);
        }
        Event telemetry = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.TELEMETRY), WAIT);
        assertEquals("{\"key4\":7}", telemetry.payload());
        assertArrayEquals(bytes, Base64.getDecoder().decode(telemetry.payloadBase64()));
    }

    // --- what cannot be read ------------------------------------------------------------------------------

    @Test
    void anUndecodablePayloadIsRefusedAsThingsBoardRefusesIt() throws Exception {
        profile(payload("telemetry_presence.proto"));
        try (MqttDevice device = connect("T1")) {
            CompletableFuture<Integer> answer = device.publishAsync(TELEMETRY,
                "invalid proto payload str".getBytes(StandardCharsets.UTF_8), 1);
            assertRefusedAsInvalid(device, answer);
        }
        assertTrue(tb.latestTelemetry("dev-1").isEmpty());
        Event rejected = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.REJECTED), WAIT);
        assertNull(rejected.payload(), "it does not decode");
        assertEquals("invalid proto payload str",
            new String(Base64.getDecoder().decode(rejected.payloadBase64()), StandardCharsets.UTF_8));
    }

    @Test
    void sendAckOnValidationExceptionKeepsAnMqtt3SessionWithAPuback() throws Exception {
        profile(MqttTransportConfiguration.protobuf(payload("telemetry_presence.proto"))
            .withSendAckOnValidationException(true));
        try (MqttDevice device = connect("T1")) {
            int code = device.publish(TELEMETRY, "invalid proto payload str".getBytes(StandardCharsets.UTF_8), 1);
            assertEquals(mqtt5() ? 0x99 : 0, code);
            assertTrue(device.isConnected());
            device.publish(TELEMETRY, PostTelemetry.newBuilder().setKey4(1).build().toByteArray(), 1);
        }
        assertEquals(KvValue.of(1), tb.latestTelemetry("dev-1").get("key4"));
    }

    @Test
    void jsonIsRefusedWithoutTheCompatibilityAndReadWithIt() throws Exception {
        profile(payload("telemetry_presence.proto"));
        try (MqttDevice device = connect("T1")) {
            assertRefusedAsInvalid(device, device.publishAsync(TELEMETRY, "{\"key4\":1}", 1));
        }
        profile(payload("telemetry_presence.proto").withJsonCompatibility(true, false));
        try (MqttDevice device = connect("T1")) {
            device.publish(TELEMETRY, "{\"json\":1}", 1);
            device.publish(TELEMETRY, PostTelemetry.newBuilder().setKey4(2).build().toByteArray(), 1);
        }
        assertEquals(KvValue.of(1), tb.latestTelemetry("dev-1").get("json"));
        assertEquals(KvValue.of(2), tb.latestTelemetry("dev-1").get("key4"));
    }

    /** BackwardCompatibilityEnabled with malformed JSON: neither reads it; the switch decides, as for protobuf. */
    @Test
    void withTheCompatibilityAPayloadNeitherReadsIsRefusedAsEither() throws Exception {
        profile(MqttTransportConfiguration.protobuf(payload("telemetry_presence.proto").withJsonCompatibility(true, false))
            .withSendAckOnValidationException(true));
        try (MqttDevice device = connect("T1")) {
            assertEquals(mqtt5() ? 0x99 : 0, device.publish(TELEMETRY, "{\"key4\": 1,".getBytes(StandardCharsets.UTF_8), 1));
            assertTrue(device.isConnected());
        }
        assertTrue(tb.latestTelemetry("dev-1").isEmpty());
    }

    /** The timeseries tests' custom profile topic {@code data/telemetry}, with protobuf on it. */
    @Test
    void aCustomTelemetryTopicCarriesTheProfilesProtobuf() throws Exception {
        profile(MqttTransportConfiguration.protobuf(payload("telemetry_presence.proto"))
            .withTopics("data/telemetry", "data/attributes", null));
        try (MqttDevice device = connect("T1")) {
            device.publish("data/telemetry", PostTelemetry.newBuilder().setKey1("on").build().toByteArray(), 1);
            device.publish("data/attributes", PostAttributes.newBuilder().setRetries(2).build().toByteArray(), 1);
            int unknown = device.publish(TELEMETRY, PostTelemetry.newBuilder().setKey1("lost").build().toByteArray(), 1);
            assertEquals(mqtt5() ? 0x90 : 0, unknown, "v1/devices/me/telemetry is an unknown topic now");
        }
        assertEquals(Map.of("key1", KvValue.of("on")), tb.latestTelemetry("dev-1"));
        assertEquals(KvValue.of(2), tb.attributes("dev-1").client().get("retries"));
    }

    @Test
    void theJTopicsForceJsonAndThePTopicsProtobuf() throws Exception {
        profile(payload("telemetry_presence.proto"));
        try (MqttDevice device = connect("T1")) {
            device.publish("v2/t/j", "{\"viaJ\":1}", 1);
            device.publish("v2/t/p", PostTelemetry.newBuilder().setKey4(3).build().toByteArray(), 1);
            device.publish("v2/t", PostTelemetry.newBuilder().setKey4(4).build().toByteArray(), 1);
        }
        assertEquals(KvValue.of(1), tb.latestTelemetry("dev-1").get("viaJ"));
        assertEquals(KvValue.of(4), tb.latestTelemetry("dev-1").get("key4"));
    }

    // --- ThingsBoard's fixed messages --------------------------------------------------------------------

    @Test
    void anAttributeRequestIsAnsweredWithAGetAttributeResponseMsg() throws Exception {
        profile(payload("telemetry_presence.proto"));
        tb.setSharedAttributesJson("dev-1", "{\"mode\":\"eco\",\"limit\":5}");
        tb.setClientAttributesJson("dev-1", "{\"fw\":\"v1\"}");
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/attributes/request/7",
                AttributesRequest.newBuilder().setClientKeys("fw").setSharedKeys("mode,limit").build().toByteArray(), 1);
            MqttDevice.Received answer = device.nextMessage();
            assertEquals("v1/devices/me/attributes/response/7", answer.topic());
            GetAttributeResponseMsg response = GetAttributeResponseMsg.parseFrom(answer.bytes());
            assertEquals(7, response.getRequestId());
            assertEquals(Map.of("fw", "v1"), strings(response.getClientAttributeListList()));
            assertEquals(Map.of("mode", "eco", "limit", "5"), strings(response.getSharedAttributeListList()));
            assertEquals(KeyValueType.LONG_V, response.getSharedAttributeList(1).getKv().getType());
        }
    }

    @Test
    void sharedAttributeUpdatesArePushedAsProtobufUnlessJsonIsAskedForOnTheDefaultTopics() throws Exception {
        profile(payload("telemetry_presence.proto"));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            tb.setSharedAttributes("dev-1", Map.of("target", 21.5));
            AttributeUpdateNotificationMsg update = AttributeUpdateNotificationMsg.parseFrom(device.nextMessage().bytes());
            assertEquals("target", update.getSharedUpdated(0).getKv().getKey());
            assertEquals(21.5, update.getSharedUpdated(0).getKv().getDoubleV());
            tb.deleteSharedAttributes("dev-1", "target");
            assertEquals(List.of("target"),
                AttributeUpdateNotificationMsg.parseFrom(device.nextMessage().bytes()).getSharedDeletedList());
        }
        profile(payload("telemetry_presence.proto").withJsonCompatibility(true, true));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            tb.setSharedAttributes("dev-1", Map.of("target", 22));
            assertEquals("{\"target\":22}", device.nextMessage().payload(), "JSON on the v1 topic");
            device.subscribe(1, "v2/a");
            tb.setSharedAttributes("dev-1", Map.of("target", 23));
            MqttDevice.Received onV2 = device.nextMessage();
            assertEquals("v2/a", onV2.topic());
            assertEquals(23, AttributeUpdateNotificationMsg.parseFrom(onV2.bytes()).getSharedUpdated(0).getKv().getLongV(),
                "the switch leaves the v2 topics protobuf");
        }
    }

    @Test
    void aServerRpcIsWrittenInTheProfilesRequestSchemaAndItsReplyReadInTheResponseSchema() throws Exception {
        profile(payload("telemetry_presence.proto").withRpcSchemas(DeviceSchemas.text("rpc_request.proto"),
            DeviceSchemas.text("rpc_response.proto")));
        ServerRpc submitted;
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            submitted = tb.submitRpc("dev-1",
                io.tbmock.server.model.RpcRequest.twoWay("setGpio").params("{\"pin\":\"A1\",\"value\":1}"));
            MqttDevice.Received request = device.nextMessage();
            assertEquals("v1/devices/me/rpc/request/" + submitted.id(), request.topic());
            RpcRequestMsg message = RpcRequestMsg.parseFrom(request.bytes());
            assertEquals("setGpio", message.getMethod());
            assertEquals(submitted.id(), message.getRequestId());
            assertEquals("A1", message.getParams().getPin());
            device.publish("v1/devices/me/rpc/response/" + submitted.id(),
                RpcResponseMsg.newBuilder().setPayload("done").build().toByteArray(), 1);
        }
        ServerRpc done = tb.awaitRpcResponse("dev-1", submitted.id(), WAIT);
        assertEquals(RpcStatus.SUCCESSFUL, done.status());
        assertEquals("{\"payload\":\"done\"}", done.response(), "the whole reply message, as JSON");
    }

    @Test
    void objectParamsCannotBeWrittenIntoTheDefaultSchemasStringParams() throws Exception {
        profile(payload("telemetry_presence.proto"));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            ServerRpc rpc = tb.sendRpc("dev-1", io.tbmock.server.model.RpcRequest.twoWay("setGpio")
                .params("{\"pin\":1}").timeout(Duration.ofSeconds(5)));
            assertEquals(RpcStatus.SUCCESSFUL, rpc.status(), "ended by ThingsBoard's error reply; nothing is published");
            assertEquals("{\"result\":\"INVALID_ARGUMENTS\",\"error\":\"Failed to convert device RPC command to MQTT msg: "
                + "setGpio{\\\"pin\\\":1}\"}", rpc.response());
            ServerRpc text = tb.submitRpc("dev-1", io.tbmock.server.model.RpcRequest.oneWay("say").params("\"hi\""));
            RpcRequestDefault.RpcRequestMsg sent = RpcRequestDefault.RpcRequestMsg.parseFrom(device.nextMessage().bytes());
            assertEquals("say", sent.getMethod());
            assertEquals(text.id(), sent.getRequestId());
            assertEquals("hi", sent.getParams(), "a string params fits the string field");
        }
    }

    @Test
    void aClientRpcIsReadAsRpcRequestAndAnsweredWithToServerRpcResponseMsg() throws Exception {
        profile(payload("telemetry_presence.proto"));
        tb.stubClientRpc(ClientRpcStub.method("getTime").respond("{\"time\":42}"));
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/rpc/request/3",
                RpcRequest.newBuilder().setMethod("getTime").setParams("{\"tz\":\"UTC\"}").build().toByteArray(), 1);
            MqttDevice.Received answer = device.nextMessage();
            assertEquals("v1/devices/me/rpc/response/3", answer.topic());
            ToServerRpcResponseMsg response = ToServerRpcResponseMsg.parseFrom(answer.bytes());
            assertEquals(3, response.getRequestId());
            assertEquals("{\"time\":42}", response.getPayload());
        }
        assertEquals("{\"tz\":\"UTC\"}", tb.awaitClientRpc("dev-1", "getTime", WAIT).params());
    }

    @Test
    void aClaimIsReadAsClaimDevice() throws Exception {
        profile(payload("telemetry_presence.proto"));
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/claim",
                ClaimDevice.newBuilder().setSecretKey("s3cret").setDurationMs(60_000).build().toByteArray(), 1);
        }
        assertEquals("s3cret", tb.awaitClaim("dev-1", WAIT).secretKey());
    }

    // --- JSON profiles' /p topics, and profile changes --------------------------------------------------

    @Test
    void aJsonProfilesDeviceCanUseTheFixedMessagesOnThePTopicsButNotItsOwn() throws Exception {
        tb.saveDeviceProfile(new DeviceProfile("sensor", DeviceProfile.DEFAULT, null));
        tb.setSharedAttributesJson("dev-1", "{\"mode\":\"eco\"}");
        try (MqttDevice device = connect("T1")) {
            device.publish("v2/a/req/p/1", AttributesRequest.newBuilder().setSharedKeys("mode").build().toByteArray(), 1);
            MqttDevice.Received answer = device.nextMessage();
            assertEquals("v2/a/res/p/1", answer.topic());
            assertEquals(Map.of("mode", "eco"),
                strings(GetAttributeResponseMsg.parseFrom(answer.bytes()).getSharedAttributeListList()));
            assertRefusedAsInvalid(device,
                device.publishAsync("v2/t/p", PostTelemetry.newBuilder().setKey4(1).build().toByteArray(), 1));
        }
        Event rejected = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.REJECTED), WAIT);
        assertTrue(rejected.error().contains("Failed to get dynamic message descriptor!"), rejected.error());
    }

    @Test
    void aSavedProfileAppliesToAConnectedDeviceAtOnce() throws Exception {
        try (MqttDevice device = connect("T1")) {
            device.publish(TELEMETRY, "{\"before\":1}", 1);
            profile(payload("telemetry_presence.proto"));
            device.publish(TELEMETRY, PostTelemetry.newBuilder().setKey4(5).build().toByteArray(), 1);
            tb.deleteDeviceProfile("sensor");
            device.publish(TELEMETRY, "{\"after\":1}", 1);
            assertTrue(device.isConnected());
        }
        assertEquals(Map.of("before", KvValue.of(1), "key4", KvValue.of(5), "after", KvValue.of(1)),
            tb.latestTelemetry("dev-1"));
    }

    @Test
    void aProfileOfAnotherTransportTypeIsRefusedOnMqtt() throws Exception {
        tb.saveDeviceProfile(new DeviceProfile("sensor", "COAP", null));
        try (RawMqtt raw = new RawMqtt(port)) {
            assertEquals(mqtt5() ? 0x88 : 3, raw.connectWithToken("T1", protocol), "server unavailable");
            List<Integer> disconnects = raw.awaitClosed().stream()
                .filter(packet -> packet.fixedHeader().messageType() == MqttMessageType.DISCONNECT)
                .map(RawMqtt::disconnectReason).toList();
            assertEquals(mqtt5() ? List.of(0x89) : List.of(), disconnects, "MQTT 5: then DISCONNECT 0x89 (server busy)");
        }
        Event refused = tb.awaitEvent(EventFilter.all().type(EventType.CONNECT_REJECTED), WAIT);
        assertTrue(refused.error().contains("Device profile has different transport type: COAP. Expected: MQTT"),
            refused.error());
        assertFalse(tb.device("dev-1").connected());
    }

    private static Map<String, String> strings(List<TsKvProto> list) {
        Map<String, String> values = new HashMap<>();
        for (TsKvProto tsKv : list) {
            values.put(tsKv.getKv().getKey(), switch (tsKv.getKv().getType()) {
                case LONG_V -> Long.toString(tsKv.getKv().getLongV());
                case STRING_V -> tsKv.getKv().getStringV();
                default -> tsKv.getKv().toString();
            });
        }
        return values;
    }
}
