package io.tbmock.server;

import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.TsValue;
import io.tbmock.testing.ConnectedDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shapes of telemetry and client attributes ThingsBoard accepts (docs/thingsboard-mqtt.md §4.1). */
@ForEachProtocol
class TelemetryTest extends ConnectedDevice {
    private static final Duration WAIT = Duration.ofSeconds(5);

    TelemetryTest(MqttProtocol protocol) {
        super(protocol);
    }

    @Test
    void aFlatObjectIsStampedWithTheServerTime() throws Exception {
        long before = System.currentTimeMillis();
        device.publish("v1/devices/me/telemetry", "{\"temperature\":25.5,\"humidity\":40}", 1);
        long after = System.currentTimeMillis();
        Map<String, List<TsValue>> telemetry = tb.telemetry("dev-1");
        assertEquals(List.of("temperature", "humidity"), List.copyOf(telemetry.keySet()));
        TsValue temperature = telemetry.get("temperature").get(0);
        assertEquals(KvValue.of(25.5), temperature.value());
        assertTrue(temperature.ts() >= before && temperature.ts() <= after);
    }

    @Test
    void anObjectWithTsAndValuesCarriesTheDeviceTimestamp() throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"ts\":10000,\"values\":{\"a\":1,\"b\":true}}", 1);
        assertEquals(List.of(new TsValue(10000, KvValue.of(1))), tb.telemetry("dev-1", "a").get("a"));
        assertEquals(Map.of("a", KvValue.of(1), "b", KvValue.of(true)), tb.latestTelemetry("dev-1"));
    }

    @Test
    void aNumericStringTsIsReadAsALong() throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"ts\":\"123\",\"values\":{\"a\":1}}", 1);
        assertEquals(123, tb.telemetry("dev-1").get("a").get(0).ts());
    }

    @Test
    void anArrayMixesBothForms() throws Exception {
        device.publish("v1/devices/me/telemetry", "[{\"ts\":1000,\"values\":{\"a\":1}},{\"a\":2},{\"ts\":2000,\"values\":{\"a\":3}}]", 1);
        List<TsValue> values = tb.telemetry("dev-1").get("a");
        assertEquals(3, values.size());
        assertEquals(new TsValue(1000, KvValue.of(1)), values.get(0));
        assertEquals(new TsValue(2000, KvValue.of(3)), values.get(1));
        assertEquals(KvValue.of(2), values.get(2).value(), "the server-stamped value is the newest");
        assertEquals(KvValue.of(2), tb.latestTelemetry("dev-1").get("a"));
    }

    @Test
    void valuesWithoutTsIsAKeyNamedValues() throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"values\":{\"a\":1}}", 1);
        assertEquals(Map.of("values", KvValue.json("{\"a\":1}")), tb.latestTelemetry("dev-1"));
    }

    @Test
    void theLatestValueIsTheOneWithTheNewestTimestamp() throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"ts\":2000,\"values\":{\"a\":\"new\"}}", 1);
        device.publish("v1/devices/me/telemetry", "{\"ts\":1000,\"values\":{\"a\":\"old\"}}", 1);
        assertEquals(KvValue.of("new"), tb.latestTelemetry("dev-1").get("a"));
        assertEquals(List.of(new TsValue(1000, KvValue.of("old")), new TsValue(2000, KvValue.of("new"))),
            tb.telemetry("dev-1").get("a"), "oldest first");
    }

    @Test
    void anEmptyObjectIsAcknowledgedAndStoresNothing() throws Exception {
        device.publish("v1/devices/me/telemetry", "{}", 1);
        assertEquals(Map.of(), tb.latestTelemetry("dev-1"));
        assertEquals("{}", tb.awaitEvent(EventFilter.all().type(EventType.TELEMETRY), WAIT).payload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2/t", "v2/t/j"})
    void shortTelemetryTopicsTakeJson(String topic) throws Exception {
        device.publish(topic, "{\"a\":1}", 1);
        assertEquals(KvValue.of(1), tb.latestTelemetry("dev-1").get("a"));
    }

    @Test
    void lenientJsonIsAcceptedAsGsonAcceptsIt() throws Exception {
        device.publish("v1/devices/me/telemetry", "{temperature: 21, 'humidity': '40' /* comment */ // and another\n}", 1);
        assertEquals(Map.of("temperature", KvValue.of(21), "humidity", KvValue.of(40)), tb.latestTelemetry("dev-1"));
    }

    @Test
    void qos0TelemetryIsStored() throws Exception {
        device.publish("v1/devices/me/telemetry", "{\"a\":1}", 0);
        assertEquals(KvValue.of(1), tb.awaitTelemetry("dev-1", "a", WAIT).value());
    }

    @Test
    void clientAttributesAreAnObjectWhereTsAndValuesAreOrdinaryKeys() throws Exception {
        device.publish("v1/devices/me/attributes", "{\"firmware\":\"1.0\",\"ts\":1,\"values\":{\"a\":1}}", 1);
        assertEquals(Map.of("firmware", KvValue.of(1.0), "ts", KvValue.of(1), "values", KvValue.json("{\"a\":1}")),
            tb.attributes("dev-1").client());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2/a", "v2/a/j"})
    void shortAttributeTopicsTakeJson(String topic) throws Exception {
        device.publish(topic, "{\"model\":\"X\"}", 1);
        assertEquals(Map.of("model", KvValue.of("X")), tb.attributes("dev-1").client());
    }

    @Test
    void laterAttributeValuesReplaceEarlierOnes() throws Exception {
        device.publish("v1/devices/me/attributes", "{\"a\":1,\"b\":1}", 1);
        device.publish("v1/devices/me/attributes", "{\"a\":2}", 1);
        assertEquals(Map.of("a", KvValue.of(2), "b", KvValue.of(1)), tb.attributes("dev-1").client());
    }
}
