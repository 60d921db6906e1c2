package io.tbmock.server;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tbmock.server.model.DeviceCredentials.token;
import static io.tbmock.testing.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-side RPC (docs/thingsboard-mqtt.md §6), mirroring ThingsBoard's MqttServerSideRpc*IntegrationTest cases. */
@ForEachProtocol
class ServerRpcTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);

    ServerRpcTest(MqttProtocol protocol) {
        super(protocol);
    }

    @Test
    void aTwoWayRpcIsAnsweredByTheDevice() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            CompletableFuture<ServerRpc> call = tb.sendRpcAsync("dev-1",
                RpcRequest.twoWay("setGpio").params("{\"pin\": 4, \"value\": 1}"));
            MqttDevice.Received request = device.nextMessage();
            assertEquals("v1/devices/me/rpc/request/0", request.topic(), "ids start at 0");
            assertEquals("{\"method\":\"setGpio\",\"params\":{\"pin\":4,\"value\":1}}", request.payload(), "no id field");
            assertEquals(1, request.qos());
            device.publish("v1/devices/me/rpc/response/0", "{\"pin\":4,\"value\":1}", 1);
            ServerRpc done = call.get(10, TimeUnit.SECONDS);
            assertEquals(RpcStatus.SUCCESSFUL, done.status());
            assertJsonEquals("{\"pin\":4,\"value\":1}", done.response());
            assertEquals(List.of(EventType.RPC_REQUEST, EventType.RPC_RESPONSE), tb.events(EventFilter.all()
                .type(EventType.RPC_REQUEST, EventType.RPC_RESPONSE)).events().stream().map(Event::type).toList());
        }
    }

    @Test
    void idsCountPerDeviceAndParamsMayBeAnyJson() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(0, "v1/devices/me/rpc/request/+");
            tb.submitRpc("dev-1", RpcRequest.oneWay("getValue").params("true"));
            tb.submitRpc("dev-1", RpcRequest.oneWay("say").params("\"hello\""));
            assertEquals(new MqttDevice.Received("v1/devices/me/rpc/request/0", "{\"method\":\"getValue\",\"params\":true}", 0),
                device.nextMessage());
            assertEquals(new MqttDevice.Received("v1/devices/me/rpc/request/1", "{\"method\":\"say\",\"params\":\"hello\"}", 0),
                device.nextMessage());
        }
    }

    @Test
    void anRpcToAnOfflineDeviceIsQueuedAndDeliveredOnSubscribe() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        CompletableFuture<ServerRpc> call = tb.sendRpcAsync("dev-1", RpcRequest.oneWay("reboot").timeout(Duration.ofSeconds(30)));
        assertEquals(RpcStatus.QUEUED, tb.rpc("dev-1", 0).status());
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            assertEquals(RpcStatus.QUEUED, tb.rpc("dev-1", 0).status(), "not sent before the device subscribes");
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            assertEquals("v1/devices/me/rpc/request/0", device.nextMessage().topic());
            assertEquals(RpcStatus.DELIVERED, call.get(10, TimeUnit.SECONDS).status(), "a one-way RPC ends on PUBACK");
        }
    }

    @Test
    void severalQueuedRpcsAreSentInOrderOnSubscribe() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        for (int i = 0; i < 10; i++) {
            tb.submitRpc("dev-1", RpcRequest.oneWay("m" + i).timeout(Duration.ofSeconds(30)));
        }
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            for (int i = 0; i < 10; i++) {
                assertEquals("v1/devices/me/rpc/request/" + i, device.nextMessage().topic());
            }
        }
    }

    @Test
    void eachTopicKeepsItsOrderWhileQos0AndQos1MessagesInterleave() throws Exception {
        // A QoS 0 message may be written without the engine's thread, but never ahead of one queued there before it.
        // Across topics MQTT promises no order, and the engine holds QoS 1 messages past its in-flight window of 10.
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            device.subscribe(0, "v1/devices/me/rpc/request/+");
            List<String> updatesMade = new ArrayList<>();
            List<String> rpcsMade = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tb.setSharedAttributesJson("dev-1", "{\"n\":" + i + "}");
                updatesMade.add("{\"n\":" + i + "}");
                tb.submitRpc("dev-1", RpcRequest.oneWay("m").params(String.valueOf(i)));
                rpcsMade.add("{\"method\":\"m\",\"params\":" + i + "}");
            }
            List<String> updatesReceived = new ArrayList<>();
            List<String> rpcsReceived = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                MqttDevice.Received message = device.nextMessage();
                (message.qos() == 1 ? updatesReceived : rpcsReceived).add(message.payload());
            }
            assertEquals(updatesMade, updatesReceived);
            assertEquals(rpcsMade, rpcsReceived);
        }
    }

    @Test
    void aTwoWayRpcWithoutReplyTimesOutWhileALaterOneSucceeds() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            ServerRpc timedOut = tb.sendRpc("dev-1", RpcRequest.twoWay("slow").timeout(Duration.ofMillis(300)));
            assertEquals(RpcStatus.TIMEOUT, timedOut.status());
            assertEquals("v1/devices/me/rpc/request/0", device.nextMessage().topic());

            CompletableFuture<ServerRpc> second = tb.sendRpcAsync("dev-1", RpcRequest.twoWay("fast"));
            assertEquals("v1/devices/me/rpc/request/1", device.nextMessage().topic());
            device.publish("v1/devices/me/rpc/response/0", "{\"late\":true}", 1); // acknowledged, ignored
            device.publish("v1/devices/me/rpc/response/1", "{\"ok\":true}", 1);
            assertEquals(RpcStatus.SUCCESSFUL, second.get(10, TimeUnit.SECONDS).status());
            assertEquals(RpcStatus.TIMEOUT, tb.rpc("dev-1", 0).status());
            assertTrue(tb.events(EventFilter.all().type(EventType.RPC_RESPONSE)).events().get(0).error()
                .contains("ignored"));
        }
    }

    @Test
    void anRpcToADeviceThatNeverSubscribesTimesOut() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        assertEquals(RpcStatus.TIMEOUT,
            tb.sendRpc("dev-1", RpcRequest.oneWay("reboot").timeout(Duration.ofMillis(200))).status());
    }

    @Test
    void atQos0TheRpcIsDeliveredOnceWritten() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(0, "v1/devices/me/rpc/request/+");
            ServerRpc done = tb.sendRpc("dev-1", RpcRequest.oneWay("blink"));
            assertEquals(RpcStatus.DELIVERED, done.status());
            assertEquals(0, device.nextMessage().qos());
        }
    }

    @Test
    void atQos1ItIsSentUntilTheDeviceAcknowledgesAndResentAfterAReconnect() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.connectWithToken("T1");
            raw.send(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "v1/devices/me/rpc/request/+").build());
            raw.expect(MqttMessageType.SUBACK);
            tb.submitRpc("dev-1", RpcRequest.oneWay("reboot").timeout(Duration.ofSeconds(30)));
            MqttPublishMessage first = (MqttPublishMessage) raw.expect(MqttMessageType.PUBLISH);
            first.release();
            raw.ping();
            assertEquals(RpcStatus.SENT, tb.rpc("dev-1", 0).status(), "no PUBACK yet");
        }
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            assertEquals("v1/devices/me/rpc/request/0", device.nextMessage().topic());
            assertEquals(RpcStatus.DELIVERED, tb.awaitRpcResponse("dev-1", 0, WAIT).status());
        }
    }

    @Test
    void aReplyThatIsNotJsonIsStoredAsAnError() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            CompletableFuture<ServerRpc> call = tb.sendRpcAsync("dev-1", RpcRequest.twoWay("status"));
            device.nextMessage();
            device.publish("v1/devices/me/rpc/response/0", "all good", 1);
            ServerRpc done = call.get(10, TimeUnit.SECONDS);
            assertEquals(RpcStatus.SUCCESSFUL, done.status());
            assertEquals("{\"error\":\"all good\"}", done.response());
        }
    }

    @Test
    void aReplyToAnUnknownIdIsAcknowledgedAndIgnored() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/rpc/response/42", "{}", 1);
            assertTrue(device.isConnected());
            assertTrue(tb.awaitEvent(EventFilter.all().type(EventType.RPC_RESPONSE), WAIT).error().contains("ignored"));
        }
    }

    @Test
    void aReplyWithANonIntegerIdIsRefusedAsAnInvalidPayload() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            // ThingsBoard's RPC-response adaptor catches the NumberFormatException: a validation error.
            assertRefusedAsInvalid(device, device.publishAsync("v1/devices/me/rpc/response/abc", "{}", 1));
        }
    }

    @ParameterizedTest
    @CsvSource({"v2/r/req/+, v2/r/req/0, v2/r/res/0", "v2/r/req/j/+, v2/r/req/j/0, v2/r/res/j/0",
        "v1/devices/me/rpc/request/+, v1/devices/me/rpc/request/0, v2/r/res/0"})
    void shortTopicsCarryTheSameRpc(String filter, String requestTopic, String replyTopic) throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, filter);
            CompletableFuture<ServerRpc> call = tb.sendRpcAsync("dev-1", RpcRequest.twoWay("m"));
            assertEquals(requestTopic, device.nextMessage().topic());
            device.publish(replyTopic, "{\"r\":1}", 1);
            assertEquals(RpcStatus.SUCCESSFUL, call.get(10, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void aJsonProfilesProtobufRpcSubscriptionFailsTheRpcAsThingsBoardDoes() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v2/r/req/p/+");
            ServerRpc done = tb.sendRpc("dev-1", RpcRequest.twoWay("m"));
            assertEquals(RpcStatus.SUCCESSFUL, done.status(), "ended by ThingsBoard's error reply");
            assertEquals("{\"result\":\"INVALID_ARGUMENTS\",\"error\":\"Failed to convert device RPC command to MQTT msg: "
                + "m{}\"}", done.response(), "no schema to write it in");
            Event notSent = tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.RPC_REQUEST), WAIT);
            assertTrue(notSent.error().endsWith("(Failed to get rpcRequestDynamicMessageBuilder!)"), notSent.error());
        }
    }

    @Test
    void unsubscribingStopsDelivery() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            device.unsubscribe("v1/devices/me/rpc/request/+");
            tb.submitRpc("dev-1", RpcRequest.oneWay("m"));
            device.roundTrip();
            assertEquals(RpcStatus.QUEUED, tb.rpc("dev-1", 0).status());
            assertTrue(device.received().isEmpty());
        }
    }

    @Test
    void resettingDataEndsPendingRpcs() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        CompletableFuture<ServerRpc> call = tb.sendRpcAsync("dev-1", RpcRequest.twoWay("m").timeout(Duration.ofMinutes(1)));
        tb.resetData();
        assertEquals(RpcStatus.FAILED, call.get(10, TimeUnit.SECONDS).status());
        assertEquals(List.of(), tb.rpcs("dev-1"));
        assertEquals(1, tb.submitRpc("dev-1", RpcRequest.oneWay("n")).id(), "ids go on counting");
    }

    @Test
    void aHundredConcurrentRpcsToTenDevicesAreAllCorrelated() throws Exception {
        List<MqttDevice> devices = new ArrayList<>();
        List<Thread> responders = new ArrayList<>();
        try {
            for (int d = 0; d < 10; d++) {
                tb.createDevice(NewDevice.named("dev-" + d).credentials(token("T" + d)));
                MqttDevice device = connect("T" + d);
                device.subscribe(1, "v1/devices/me/rpc/request/+");
                devices.add(device);
                responders.add(echo(device, "dev-" + d));
            }
            List<CompletableFuture<ServerRpc>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(tb.sendRpcAsync("dev-" + (i % 10), RpcRequest.twoWay("echo").params("{\"call\":" + i + "}")));
            }
            for (int i = 0; i < 100; i++) {
                ServerRpc done = calls.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(RpcStatus.SUCCESSFUL, done.status());
                assertEquals(i / 10, done.id(), "per-device ids");
                assertJsonEquals("{\"echo\":{\"call\":" + i + "},\"device\":\"dev-" + (i % 10) + "\"}", done.response());
            }
        } finally {
            responders.forEach(Thread::interrupt);
            devices.forEach(MqttDevice::close);
        }
    }

    /** ThingsBoard's MQTT API documentation: the device answers each request on the response topic. */
    @Test
    void theDocumentationExample() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            CompletableFuture<ServerRpc> call = tb.sendRpcAsync("dev-1", RpcRequest.twoWay("checkStatus").params("{}"));
            MqttDevice.Received request = device.nextMessage();
            String requestId = request.topic().substring("v1/devices/me/rpc/request/".length());
            device.publish("v1/devices/me/rpc/response/" + requestId, "{\"status\":\"ok\"}", 1);
            assertEquals("{\"status\":\"ok\"}", call.get(10, TimeUnit.SECONDS).response());
        }
    }

    /** Answers every RPC the device gets with its params and the device's name. */
    private static Thread echo(MqttDevice device, String name) {
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    MqttDevice.Received request = device.received().take();
                    String id = request.topic().substring(request.topic().lastIndexOf('/') + 1);
                    String params = request.payload().substring(request.payload().indexOf("\"params\":") + 9,
                        request.payload().length() - 1);
                    device.publish("v1/devices/me/rpc/response/" + id,
                        "{\"echo\":" + params + ",\"device\":\"" + name + "\"}", 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
