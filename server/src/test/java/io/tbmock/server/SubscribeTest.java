package io.tbmock.server;

import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SUBSCRIBE and UNSUBSCRIBE as ThingsBoard answers them (docs/thingsboard-mqtt.md §3.2). */
@ForEachProtocol
class SubscribeTest extends RunningServer {
    static final String[] ACCEPTED = {
        "v1/devices/me/attributes", "v2/a", "v2/a/j", "v2/a/p",
        "v1/devices/me/rpc/request/+", "v2/r/req/+", "v2/r/req/j/+", "v2/r/req/p/+",
        "v1/devices/me/rpc/response/+", "v2/r/res/+", "v2/r/res/j/+", "v2/r/res/p/+",
        "v1/devices/me/attributes/response/+", "v2/a/res/+", "v2/a/res/j/+", "v2/a/res/p/+",
        "v1/gateway/attributes", "v1/gateway/rpc", "v1/gateway/attributes/response",
        "v2/fw/response/+/chunk/+", "v2/fw/error", "v2/sw/response/+/chunk/+", "v2/sw/error"};

    SubscribeTest(MqttProtocol protocol) {
        super(protocol);
    }

    @BeforeEach
    void device() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void everyThingsBoardFilterIsGrantedAtMostQos1(int qos) throws Exception {
        try (MqttDevice device = connect("T1")) {
            int[] granted = device.subscribe(qos, ACCEPTED);
            int[] expected = new int[ACCEPTED.length];
            java.util.Arrays.fill(expected, Math.min(qos, 1));
            assertArrayEquals(expected, granted);
            assertEquals(List.of(ACCEPTED), tb.session("dev-1").subscriptions());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "v1/devices/me/#", "v1/devices/me/rpc/request/#", "v1/devices/me/attributes/response/1",
        "+/+/+/+", "v1/devices/me/telemetry", "wrong/topic/+", "/provision/response"})
    void anyOtherFilterIsRefusedWith0x80Or0x8F(String filter) throws Exception {
        try (MqttDevice device = connect("T1")) {
            assertArrayEquals(new int[] {refused()}, device.subscribe(1, filter));
            assertTrue(device.isConnected());
            assertEquals(List.of(), tb.session("dev-1").subscriptions());
            assertEquals(filter,
                tb.awaitEvent(EventFilter.all().type(EventType.REJECTED), Duration.ofSeconds(5)).topic());
        }
    }

    @Test
    void aMixedSubscribeGetsACodePerFilter() throws Exception {
        try (MqttDevice device = connect("T1")) {
            assertArrayEquals(new int[] {1, refused(), 1},
                device.subscribe(1, "v1/devices/me/attributes", "#", "v1/devices/me/rpc/request/+"));
        }
    }

    /** SUBACK's refusal: 0x80 for MQTT 3.x, 0x8F (topic filter invalid) for MQTT 5. */
    private int refused() {
        return mqtt5() ? 0x8F : 0x80;
    }

    @Test
    void unsubscribeRemovesTheSubscription() throws Exception {
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/attributes", "v1/devices/me/rpc/request/+");
            device.unsubscribe("v1/devices/me/attributes");
            assertEquals(List.of("v1/devices/me/rpc/request/+"), tb.session("dev-1").subscriptions());
            assertEquals("v1/devices/me/attributes",
                tb.awaitEvent(EventFilter.all().type(EventType.UNSUBSCRIBE), Duration.ofSeconds(5)).topic());
        }
    }
}
