package io.tbmock.server;

import io.tbmock.server.internal.tb.proto.TransportMessages.AttributesMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ClaimDevice;
import io.tbmock.server.internal.tb.proto.TransportMessages.ClaimDeviceMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ConnectMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayAttributeResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayAttributeUpdateNotificationMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayAttributesMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayAttributesRequestMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayClaimMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayDeviceRpcRequestMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayRpcResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayTelemetryMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.KeyValueProto;
import io.tbmock.server.internal.tb.proto.TransportMessages.KeyValueType;
import io.tbmock.server.internal.tb.proto.TransportMessages.PostAttributeMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.PostTelemetryMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.TelemetryMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.TsKvListProto;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.ProtobufPayload;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.testing.DeviceSchemas;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway whose own profile's payload type is PROTOBUF speaks ThingsBoard's fixed gateway messages on every
 * {@code v1/gateway} topic, both ways (docs/device-profiles.md; ThingsBoard's MqttGatewayProto*IntegrationTests).
 */
@ForEachProtocol
class GatewayProtobufTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private MqttDevice gateway;

    GatewayProtobufTest(MqttProtocol protocol) {
        super(protocol);
    }

    @BeforeEach
    void connectGateway() throws Exception {
        tb.saveDeviceProfile(DeviceProfile.mqtt("gateways", MqttTransportConfiguration.protobuf(ProtobufPayload.of(
            DeviceSchemas.text("telemetry_presence.proto"), DeviceSchemas.text("attributes.proto")))));
        tb.createDevice(NewDevice.named("gw").type("gateways").gateway(true).credentials(token("GW")));
        gateway = connect("GW");
        gateway.subscribe(1, "v1/gateway/attributes", "v1/gateway/rpc", "v1/gateway/attributes/response");
    }

    @AfterEach
    void disconnect() {
        gateway.close();
    }

    private static KeyValueProto kv(String key, KeyValueType type, String value) {
        KeyValueProto.Builder kv = KeyValueProto.newBuilder().setKey(key).setType(type);
        switch (type) {
            case DOUBLE_V -> kv.setDoubleV(Double.parseDouble(value));
            case LONG_V -> kv.setLongV(Long.parseLong(value));
            case BOOLEAN_V -> kv.setBoolV(Boolean.parseBoolean(value));
            case JSON_V -> kv.setJsonV(value);
            default -> kv.setStringV(value);
        }
        return kv.build();
    }

    private static byte[] telemetry(String device, long ts, KeyValueProto... values) {
        return GatewayTelemetryMsg.newBuilder().addMsg(TelemetryMsg.newBuilder().setDeviceName(device).setMsg(
            PostTelemetryMsg.newBuilder().addTsKvList(TsKvListProto.newBuilder().setTs(ts)
                .addAllKv(List.of(values))))).build().toByteArray();
    }

    @Test
    void childrenConnectAndSendTelemetryAndAttributesTypedAsSent() throws Exception {
        gateway.publish("v1/gateway/connect", ConnectMsg.newBuilder().setDeviceName("c1").setDeviceType("thermo").build()
            .toByteArray(), 1);
        assertEquals("thermo", tb.device("c1").type());
        byte[] bytes = telemetry("c1", 10_000, kv("temperature", KeyValueType.DOUBLE_V, "21.5"),
            kv("code", KeyValueType.STRING_V, "25"), kv("meta", KeyValueType.JSON_V, "{\"a\": [1, 2]}"));
        gateway.publish("v1/gateway/telemetry", bytes, 1);
        gateway.publish("v1/gateway/attributes", GatewayAttributesMsg.newBuilder().addMsg(AttributesMsg.newBuilder()
            .setDeviceName("c2").setMsg(PostAttributeMsg.newBuilder().addKv(kv("fw", KeyValueType.LONG_V, "7"))))
            .build().toByteArray(), 1);

        assertEquals(Map.of("temperature", KvValue.of(21.5), "code", KvValue.of("25"),
            "meta", KvValue.json("{\"a\":[1,2]}")), tb.latestTelemetry("c1"), "a STRING_V stays a string");
        assertEquals(10_000, tb.telemetry("c1", "code").get("code").get(0).ts());
        assertEquals(KvValue.of(7), tb.attributes("c2").client().get("fw"), "c2 connected by its message");
        gateway.publish("v1/gateway/claim", GatewayClaimMsg.newBuilder().addMsg(ClaimDeviceMsg.newBuilder()
            .setDeviceName("c1").setClaimRequest(ClaimDevice.newBuilder().setSecretKey("s1").setDurationMs(60_000)))
            .build().toByteArray(), 1);
        assertEquals("s1", tb.awaitClaim("c1", WAIT).secretKey());
        Event journaled = tb.awaitEvent(EventFilter.all().device("c1").type(EventType.TELEMETRY), WAIT);
        assertTrue(journaled.payload().contains("\"key\":\"code\""), journaled.payload());
        assertEquals("gw", journaled.gateway());
        assertArrayEquals(GatewayTelemetryMsg.parseFrom(bytes).getMsg(0).getMsg().toByteArray(),
            Base64.getDecoder().decode(journaled.payloadBase64()), "the device's part, raw");
    }

    @Test
    void aPartThingsBoardRefusesIsRefusedAsInJson() throws Exception {
        var answer = gateway.publishAsync("v1/gateway/telemetry", telemetry("c1", 0,
            kv("", KeyValueType.LONG_V, "1")), 1);
        assertRefusedAsInvalid(gateway, answer);
        Event rejected = tb.awaitEvent(EventFilter.all().device("c1").type(EventType.REJECTED), WAIT);
        assertTrue(rejected.error().contains("Invalid key value: !"), rejected.error());
    }

    @Test
    void anUndecodableGatewayMessageIsRefusedAsAnInvalidPayload() throws Exception {
        assertRefusedAsInvalid(gateway, gateway.publishAsync("v1/gateway/telemetry",
            "invalid proto payload str".getBytes(StandardCharsets.UTF_8), 1));
        assertTrue(tb.devices().stream().noneMatch(device -> device.name().equals("c1")));
    }

    @Test
    void updatesRpcAndAttributeAnswersAreTheGatewayMessages() throws Exception {
        gateway.publish("v1/gateway/connect", ConnectMsg.newBuilder().setDeviceName("c1").build().toByteArray(), 1);
        tb.setSharedAttributes("c1", Map.of("target", 5));
        GatewayAttributeUpdateNotificationMsg update = GatewayAttributeUpdateNotificationMsg.parseFrom(
            gateway.nextMessage().bytes());
        assertEquals("c1", update.getDeviceName());
        assertEquals(5, update.getNotificationMsg().getSharedUpdated(0).getKv().getLongV());

        ServerRpc rpc = tb.submitRpc("c1", RpcRequest.twoWay("reboot").params("{\"delay\":3}"));
        MqttDevice.Received sent = gateway.nextMessage();
        assertEquals("v1/gateway/rpc", sent.topic());
        GatewayDeviceRpcRequestMsg request = GatewayDeviceRpcRequestMsg.parseFrom(sent.bytes());
        assertEquals("c1", request.getDeviceName());
        assertEquals("reboot", request.getRpcRequestMsg().getMethodName());
        assertEquals("{\"delay\":3}", request.getRpcRequestMsg().getParams(), "ThingsBoard's internal message");
        gateway.publish("v1/gateway/rpc", GatewayRpcResponseMsg.newBuilder().setDeviceName("c1").setId(rpc.id())
            .setData("{\"done\":true}").build().toByteArray(), 1);
        ServerRpc done = tb.awaitRpcResponse("c1", rpc.id(), WAIT);
        assertEquals(RpcStatus.SUCCESSFUL, done.status());
        assertEquals("{\"done\":true}", done.response());

        gateway.publish("v1/gateway/attributes/request", GatewayAttributesRequestMsg.newBuilder().setId(4)
            .setDeviceName("c1").setClient(false).addKeys("target").build().toByteArray(), 1);
        MqttDevice.Received answer = gateway.nextMessage();
        assertEquals("v1/gateway/attributes/response", answer.topic());
        GatewayAttributeResponseMsg response = GatewayAttributeResponseMsg.parseFrom(answer.bytes());
        assertEquals(4, response.getResponseMsg().getRequestId());
        assertEquals("target", response.getResponseMsg().getSharedAttributeList(0).getKv().getKey());
        assertTrue(response.getResponseMsg().getClientAttributeListList().isEmpty(), "only the scope asked for");
    }
}
