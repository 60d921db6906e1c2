package io.tbmock.server;

import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One device never sees another device's messages, whatever it subscribes to. */
@ForEachProtocol
class IsolationTest extends RunningServer {
    IsolationTest(MqttProtocol protocol) {
        super(protocol);
    }


    @Test
    void aDeviceSubscribedToEverythingItMaySeesNothingOfAnother() throws Exception {
        var watcher = tb.createDevice(NewDevice.named("watcher").credentials(token("W")));
        tb.createDevice(NewDevice.named("talker").credentials(token("T")));
        try (MqttDevice spy = connect("W");
             MqttDevice talker = connect("T")) {
            spy.subscribe(1, SubscribeTest.ACCEPTED);
            spy.subscribe(1, "#", "+/#", "+/+/#", "v1/#", "$SYS/#");

            // Not the /p topics: JSON there is an undecodable protobuf, on which an MQTT 3 session is closed.
            List<String> topics = List.of(SubscribeTest.ACCEPTED).stream()
                .map(filter -> filter.replace("+", "1")).filter(topic -> !topic.matches(".*/p(/.*)?"))
                .collect(Collectors.toList());
            talker.subscribe(1, "v1/devices/me/attributes", "v1/devices/me/rpc/request/+");
            for (String topic : topics) {
                // QoS 0: a non-gateway device's v1/gateway publishes get no PUBACK to wait for. The payload
                // is valid for every topic, so the talker's requests are answered (to the talker).
                talker.publish(topic, "{\"method\":\"leak\",\"from\":\"talker\"}", 0);
            }
            talker.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            talker.publish("v1/devices/me/attributes", "{\"a\":1}", 1);
            talker.publish("v1/devices/me/attributes/request/7", "{}", 1);
            talker.publish("v1/devices/me/rpc/request/7", "{\"method\":\"getSessionLimits\"}", 1);
            // What the server sends the talker goes to the talker only.
            assertTrue(tb.setSharedAttributes("talker", Map.of("secret", 1)));
            tb.submitRpc("talker", RpcRequest.oneWay("private"));
            for (int i = 0; i < 4; i++) {
                talker.nextMessage(); // the talker gets its own answers, updates and RPC
            }
            // Even a topic in the private namespace the server uses internally goes nowhere.
            String engineTopic = Integer.toHexString(watcher.id().hashCode() & 0xFF) + "/" + watcher.id() + "/1/";
            talker.publish(engineTopic + "v1/devices/me/attributes", "{\"spoofed\":true}", 1);
            talker.publish(engineTopic + "v1/devices/me/rpc/request/0", "{\"method\":\"x\"}", 1);

            // The watcher's own round trip: a leaked message would be delivered no later than this.
            spy.roundTrip();
            assertTrue(spy.received().isEmpty(), "the watcher received " + spy.received());
            assertEquals(0, tb.attributes("watcher").client().size());
        }
    }
}
