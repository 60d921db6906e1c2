package io.tbmock.server;

import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The typing table of docs/thingsboard-mqtt.md §4.2 (ThingsBoard's JsonConverterTest), end to end: sent by a device over
 * MQTT, read back through the Java API, for telemetry and client attributes alike.
 */
class ValueTypingTest extends RunningServer {
    private static MqttDevice device;

    static Stream<Arguments> table() {
        return Stream.of(
            Arguments.of("true", KvValue.of(true)),
            Arguments.of("false", KvValue.of(false)),
            Arguments.of("42", KvValue.of(42)),
            Arguments.of("-7", KvValue.of(-7)),
            Arguments.of("42.0", KvValue.of(42.0)),
            Arguments.of("4.20", KvValue.of(4.2)),
            Arguments.of("1E+1", KvValue.of(10)),
            Arguments.of("1.0E10", KvValue.of(10_000_000_000L)),
            Arguments.of("1.5E+1", KvValue.of(15)),
            Arguments.of("1E-1", KvValue.of(0.1)),
            Arguments.of("9223372036854775807", KvValue.of(Long.MAX_VALUE)),
            Arguments.of("9223372036854775808", KvValue.of("9223372036854775808")),
            Arguments.of("0.12345678901234567", KvValue.of("0.12345678901234567")),
            Arguments.of("0.1234567890123456", KvValue.of(0.1234567890123456)),
            Arguments.of("\"42\"", KvValue.of(42)),
            Arguments.of("\"4.20\"", KvValue.of(4.2)),
            Arguments.of("\"00123\"", KvValue.of(123)),
            Arguments.of("\"-5\"", KvValue.of(-5)),
            Arguments.of("\".5\"", KvValue.of(0.5)),
            Arguments.of("\"1.\"", KvValue.of("1.")),
            Arguments.of("\"1e5\"", KvValue.of("1e5")),
            Arguments.of("\"+1\"", KvValue.of("+1")),
            Arguments.of("\"0x1F\"", KvValue.of("0x1F")),
            Arguments.of("\"\"", KvValue.of("")),
            Arguments.of("\"abc\"", KvValue.of("abc")),
            Arguments.of("\"99999999999999999999\"", KvValue.of("99999999999999999999")),
            Arguments.of("{\"a\":1,\"b\":[1.50,\"x\"]}", KvValue.json("{\"a\":1,\"b\":[1.50,\"x\"]}")),
            Arguments.of("[1,2]", KvValue.json("[1,2]")));
    }

    @BeforeAll
    static void connect() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        device = MqttDevice.connectWithToken(port, "T1");
    }

    @AfterAll
    static void disconnect() {
        device.close();
    }

    @Override
    @BeforeEach
    protected void forgetEverything() {
        tb.resetData(); // the device and its connection stay for the whole table
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("table")
    void telemetryValueIsTypedAsThingsBoardTypesIt(String json, KvValue expected) throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"k\":" + json + "}", 1);
        KvValue stored = tb.latestTelemetry("dev-1").get("k");
        assertEquals(expected, stored);
        assertEquals(expected.type(), stored.type());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("table")
    void attributeValueIsTypedTheSameWay(String json, KvValue expected) throws Exception {
        device.publish("v1/devices/me/attributes", "{\"k\":" + json + "}", 1);
        assertEquals(expected, tb.attributes("dev-1").client().get("k"));
    }

    @ParameterizedTest(name = "null in {0} is dropped")
    @MethodSource("topics")
    void nullValuesAreDropped(String topic) throws Exception {
        device.publish(topic, "{\"gone\":null,\"kept\":1}", 1);
        assertFalse(tb.latestTelemetry("dev-1").containsKey("gone"));
        assertFalse(tb.attributes("dev-1").client().containsKey("gone"));
    }

    static Stream<String> topics() {
        return Stream.of("v1/devices/me/telemetry", "v1/devices/me/attributes");
    }
}
