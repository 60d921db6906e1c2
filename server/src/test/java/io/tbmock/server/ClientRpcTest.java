package io.tbmock.server;

import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.ConnectedDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static io.tbmock.server.model.DeviceCredentials.token;
import static io.tbmock.testing.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client-side RPC (docs/thingsboard-mqtt.md §7), mirroring ThingsBoard's MqttClientSideRpcIntegrationTest. */
@ForEachProtocol
class ClientRpcTest extends ConnectedDevice {
    private static final Duration WAIT = Duration.ofSeconds(5);

    ClientRpcTest(MqttProtocol protocol) {
        super(protocol);
    }

    @Test
    void withoutAStubTheDeviceGetsTimeoutAfterTheClientRpcTimeout() throws Exception {
        device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"getTime\",\"params\":{}}", 1);
        device.roundTrip();
        assertTrue(device.received().isEmpty(), "ThingsBoard's default rule chain does not answer");
        MqttDevice.Received answer = device.nextMessage();
        assertEquals(new MqttDevice.Received("v1/devices/me/rpc/response/1", "{\"error\":\"timeout\"}", 1), answer);
        long asked = tb.events(EventFilter.all().type(EventType.CLIENT_RPC_REQUEST)).events().get(0).ts();
        long answered = tb.events(EventFilter.all().type(EventType.CLIENT_RPC_RESPONSE)).events().get(0).ts();
        assertTrue(answered - asked >= CLIENT_RPC_TIMEOUT.toMillis() - 5, (answered - asked) + " ms");
    }

    @Test
    void aStubAnswersAtOnce() throws Exception {
        tb.stubClientRpc(ClientRpcStub.method("getCurrentTime").respond("{\"time\": 1700000000000}"));
        device.publish("v1/devices/me/rpc/request/7", "{\"method\":\"getCurrentTime\",\"params\":{}}", 1);
        assertEquals(new MqttDevice.Received("v1/devices/me/rpc/response/7", "{\"time\":1700000000000}", 1),
            device.nextMessage());
        assertEquals(List.of(new ClientRpcRequest(7, "getCurrentTime", "{}",
            tb.clientRpcRequests("dev-1").get(0).ts(), "{\"time\":1700000000000}")), tb.clientRpcRequests("dev-1"));
    }

    @Test
    void aStubForTheDeviceWinsOverOneForAllAndANewerOverAnOlder() throws Exception {
        tb.createDevice(NewDevice.named("dev-2"));
        tb.stubClientRpc(ClientRpcStub.method("m").respond("\"all-old\""));
        tb.stubClientRpc(ClientRpcStub.method("m").respond("\"mine\"").forDevice("dev-1"));
        tb.stubClientRpc(ClientRpcStub.method("m").respond("\"all-new\""));
        tb.stubClientRpc(ClientRpcStub.method("m").respond("\"other\"").forDevice("dev-2"));
        device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"m\"}", 1);
        assertEquals("\"mine\"", device.nextMessage().payload());
        tb.clearClientRpcStubs();
        tb.stubClientRpc(ClientRpcStub.method("m").respond("\"all-old\""));
        tb.stubClientRpc(ClientRpcStub.method("m").respond("\"all-new\""));
        device.publish("v1/devices/me/rpc/request/2", "{\"method\":\"m\"}", 1);
        assertEquals("\"all-new\"", device.nextMessage().payload());
    }

    @Test
    void aStubWithADelayAnswersLater() throws Exception {
        tb.stubClientRpc(ClientRpcStub.method("slow").respond("{}").delay(Duration.ofMillis(300)));
        device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"slow\"}", 1);
        assertEquals("{}", device.nextMessage().payload());
        List<Event> events = tb.events(EventFilter.all().type(EventType.CLIENT_RPC_REQUEST, EventType.CLIENT_RPC_RESPONSE))
            .events();
        assertTrue(events.get(1).ts() - events.get(0).ts() >= 295, "answered after the delay");
    }

    @Test
    void getSessionLimitsIsAnsweredByTheTransport() throws Exception {
        device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"getSessionLimits\"}", 1);
        MqttDevice.Received answer = device.nextMessage();
        assertEquals("v1/devices/me/rpc/response/1", answer.topic());
        assertJsonEquals("{\"maxPayloadSize\":65536,\"maxInflightMessages\":100,\"rateLimits\":{\"messages\":null,"
            + "\"telemetryMessages\":null,\"telemetryDataPoints\":null}}", answer.payload());
    }

    @Test
    void aGatewayGetsGatewayLimitsToo() throws Exception {
        tb.createDevice(NewDevice.named("gw").gateway(true).credentials(token("G")));
        try (MqttDevice gateway = connect("G")) {
            gateway.publish("v1/devices/me/rpc/request/1", "{\"method\":\"getSessionLimits\"}", 1);
            assertTrue(gateway.nextMessage().payload().contains("\"gatewayRateLimits\":{"));
        }
    }

    @Test
    void getSessionLimitsOnV2IsAnOrdinaryMethod() throws Exception {
        tb.stubClientRpc(ClientRpcStub.method("getSessionLimits").respond("{\"stubbed\":true}"));
        device.publish("v2/r/req/1", "{\"method\":\"getSessionLimits\"}", 1);
        assertEquals(new MqttDevice.Received("v2/r/res/1", "{\"stubbed\":true}", 1), device.nextMessage());
    }

    @ParameterizedTest
    @CsvSource({"v2/r/req/5, v2/r/res/5", "v2/r/req/j/5, v2/r/res/j/5", "v1/devices/me/rpc/request/5, v1/devices/me/rpc/response/5"})
    void theAnswerFollowsTheFamilyOfTheRequest(String request, String response) throws Exception {
        tb.stubClientRpc(ClientRpcStub.method("m").respond("1"));
        device.publish(request, "{\"method\":\"m\"}", 1);
        assertEquals(response, device.nextMessage().topic());
    }

    @Test
    void aLateAnswerGoesToTheFamilyOfTheMostRecentRequest() throws Exception {
        tb.stubClientRpc(ClientRpcStub.method("slow").respond("\"slow\"").delay(Duration.ofMillis(500)));
        tb.stubClientRpc(ClientRpcStub.method("fast").respond("\"fast\""));
        device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"slow\"}", 1);
        device.publish("v2/r/req/2", "{\"method\":\"fast\"}", 1);
        assertEquals(new MqttDevice.Received("v2/r/res/2", "\"fast\"", 1), device.nextMessage());
        assertEquals(new MqttDevice.Received("v2/r/res/1", "\"slow\"", 1), device.nextMessage(),
            "one response-family field per connection, as in ThingsBoard's transport");
    }

    @Test
    void theAnswerTakesTheQosOfTheResponseSubscription() throws Exception {
        tb.stubClientRpc(ClientRpcStub.method("m").respond("1"));
        device.subscribe(0, "v1/devices/me/rpc/response/+");
        device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"m\"}", 1);
        assertEquals(0, device.nextMessage().qos());
    }

    @Test
    void paramsMayBeOmitted() throws Exception {
        device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"ping\"}", 1);
        ClientRpcRequest request = tb.awaitClientRpc("dev-1", "ping", WAIT);
        assertEquals("null", request.params());
        assertNull(request.response());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"method\"]", "not json", ""})
    void aRequestThatIsNotAnObjectIsRefusedAsAnInvalidPayload(String payload) throws Exception {
        assertRefusedAsInvalid(device, device.publishAsync("v1/devices/me/rpc/request/1", payload, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"params\":{}}", "{\"method\":null}"})
    void aRequestWithoutMethodClosesTheConnection(String payload) throws Exception {
        assertFailedOn(device, device.publishAsync("v1/devices/me/rpc/request/1", payload, 1)); // an NPE in ThingsBoard
    }

    @Test
    void aNonIntegerRequestIdClosesTheConnection() throws Exception {
        // ThingsBoard's NumberFormatException escapes the client-RPC adaptor.
        assertFailedOn(device, device.publishAsync("v1/devices/me/rpc/request/x", "{\"method\":\"m\"}", 1));
    }

    @Test
    void awaitClientRpcSaysWhatArrivedInstead() throws Exception {
        device.publish("v1/devices/me/rpc/request/1", "{\"method\":\"other\"}", 1);
        WaitTimeoutException failure = assertThrows(WaitTimeoutException.class,
            () -> tb.awaitClientRpc("dev-1", "wanted", Duration.ofMillis(200)));
        assertTrue(failure.getMessage().contains("\"method\":\"other\""), failure.getMessage());
    }

    @Test
    void badStubsAreRefused() {
        assertThrows(InvalidRequestException.class, () -> tb.stubClientRpc(ClientRpcStub.method("m").respond("{")));
        assertThrows(NotFoundException.class, () -> tb.stubClientRpc(ClientRpcStub.method("m").forDevice("nope")));
    }
}
