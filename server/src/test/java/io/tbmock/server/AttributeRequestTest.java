package io.tbmock.server;

import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.testing.ConnectedDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static io.tbmock.testing.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attribute request and response (docs/thingsboard-mqtt.md §5.1), mirroring ThingsBoard's AbstractMqttAttributesIntegrationTest. */
@ForEachProtocol
class AttributeRequestTest extends ConnectedDevice {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CLIENT = "{\"clientStr\":\"value1\",\"clientBool\":true,\"clientDbl\":42.0,\"clientLong\":73,"
        + "\"clientJson\":{\"someNumber\":42,\"someArray\":[1,2,3],\"someNestedObject\":{\"key\":\"value\"}}}";
    private static final String SHARED = "{\"sharedStr\":\"value1\",\"sharedBool\":true,\"sharedDbl\":42.0,\"sharedLong\":73,"
        + "\"sharedJson\":{\"someNumber\":42,\"someArray\":[1,2,3],\"someNestedObject\":{\"key\":\"value\"}}}";

    AttributeRequestTest(MqttProtocol protocol) {
        super(protocol);
    }

    @Test
    void thingsBoardsTestRequestReturnsTypedValuesWithoutASubscription() throws Exception {
        setUpAttributes();
        device.publish("v1/devices/me/attributes/request/1", "{\"clientKeys\":\"clientStr,clientBool,clientDbl,clientLong,"
            + "clientJson\",\"sharedKeys\":\"sharedStr,sharedBool,sharedDbl,sharedLong,sharedJson\"}", 1);
        MqttDevice.Received response = device.nextMessage();
        assertEquals("v1/devices/me/attributes/response/1", response.topic());
        assertEquals(1, response.qos(), "unsubscribed responses go out at QoS 1");
        assertJsonEquals("{\"client\":" + CLIENT + ",\"shared\":" + SHARED + "}", response.payload());
    }

    @Test
    void anEmptyObjectAsksForEverything() throws Exception {
        setUpAttributes();
        device.publish("v1/devices/me/attributes/request/2", "{}", 1);
        assertJsonEquals("{\"client\":" + CLIENT + ",\"shared\":" + SHARED + "}", device.nextMessage().payload());
    }

    @Test
    void onlyTheRequestedSectionsAndKeysComeBackAndEmptySectionsAreLeftOut() throws Exception {
        setUpAttributes();
        device.publish("v1/devices/me/attributes/request/3", "{\"sharedKeys\":\"sharedLong,missing\"}", 1);
        assertJsonEquals("{\"shared\":{\"sharedLong\":73}}", device.nextMessage().payload());
        device.publish("v1/devices/me/attributes/request/4", "{\"clientKeys\":\"missing\",\"sharedKeys\":\"nope\"}", 1);
        assertJsonEquals("{}", device.nextMessage().payload());
    }

    @Test
    void keysAreSplitOnCommasWithoutTrimming() throws Exception {
        device.publish("v1/devices/me/attributes", "{\"a\":1,\" b\":2,\"b\":3,\"\":4}", 1);
        device.publish("v1/devices/me/attributes/request/5", "{\"clientKeys\":\"a, b\"}", 1);
        assertJsonEquals("{\"client\":{\"a\":1,\" b\":2}}", device.nextMessage().payload());
        device.publish("v1/devices/me/attributes/request/6", "{\"clientKeys\":\"\"}", 1);
        assertJsonEquals("{\"client\":{\"\":4}}", device.nextMessage().payload()); // "" is the key "", not all
    }

    @Test
    void aOneElementArrayIsReadAsItsElement() throws Exception {
        device.publish("v1/devices/me/attributes", "{\"a\":1,\"b\":2}", 1);
        device.publish("v1/devices/me/attributes/request/7", "{\"clientKeys\":[\"a,b\"]}", 1);
        assertJsonEquals("{\"client\":{\"a\":1,\"b\":2}}", device.nextMessage().payload());
    }

    @Test
    void theResponseTakesTheQosOfTheResponseSubscription() throws Exception {
        device.subscribe(0, "v1/devices/me/attributes/response/+");
        device.publish("v1/devices/me/attributes/request/8", "{}", 1);
        assertEquals(0, device.nextMessage().qos());
    }

    @ParameterizedTest
    @CsvSource({"v2/a/req/9, v2/a/res/9", "v2/a/req/j/9, v2/a/res/j/9"})
    void shortTopicsAnswerInTheirFamily(String request, String expectedResponse) throws Exception {
        device.publish(request, "{}", 1);
        assertEquals(expectedResponse, device.nextMessage().topic());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "\"keys\"", "{\"clientKeys\":[\"a\",\"b\"]}", "{\"sharedKeys\":{}}", ""})
    void anInvalidRequestIsRefusedAsAnInvalidPayload(String payload) throws Exception {
        assertRefusedAsInvalid(device, device.publishAsync("v1/devices/me/attributes/request/1", payload, 1));
    }

    @Test
    void aNonIntegerRequestIdIsRefusedAsAnInvalidPayload() throws Exception {
        // ThingsBoard's attribute adaptor catches the NumberFormatException: a validation error.
        assertRefusedAsInvalid(device, device.publishAsync("v1/devices/me/attributes/request/first", "{}", 1));
    }

    @Test
    void jsonOnAProtobufTopicIsAnUndecodablePayload() throws Exception {
        assertRefusedAsInvalid(device, device.publishAsync("v2/a/req/p/1", "{}", 1));
        Event rejected = tb.awaitEvent(EventFilter.all().type(EventType.REJECTED), WAIT);
        assertTrue(rejected.error().startsWith("invalid payload on v2/a/req/p/1"), rejected.error());
    }

    @Test
    void theExchangeIsJournaled() throws Exception {
        device.publish("v1/devices/me/attributes/request/11", "{\"clientKeys\":\"x\"}", 1);
        assertEquals("{\"clientKeys\":\"x\"}", tb.awaitAttributeRequest("dev-1", WAIT).payload());
        Event response = tb.awaitEvent(EventFilter.all().type(EventType.ATTRIBUTE_RESPONSE), WAIT);
        assertEquals("v1/devices/me/attributes/response/11", response.topic());
        assertEquals("{}", response.payload());
        device.nextMessage();
    }

    /** ThingsBoard's MQTT API documentation example, as a device sends it with mosquitto_pub. */
    @Test
    void theDocumentationExample() throws Exception {
        tb.setSharedAttributes("dev-1", Map.of("shared1", "s1", "shared2", 2));
        device.publish("v1/devices/me/attributes", "{\"attribute1\":\"value1\",\"attribute2\":true}", 1);
        device.subscribe(1, "v1/devices/me/attributes/response/+");
        device.publish("v1/devices/me/attributes/request/1",
            "{\"clientKeys\":\"attribute1,attribute2\", \"sharedKeys\":\"shared1,shared2\"}", 1);
        MqttDevice.Received response = device.nextMessage();
        assertEquals("v1/devices/me/attributes/response/1", response.topic());
        assertJsonEquals("{\"client\":{\"attribute1\":\"value1\",\"attribute2\":true},\"shared\":{\"shared1\":\"s1\",\"shared2\":2}}",
            response.payload());
    }

    private void setUpAttributes() throws Exception {
        device.publish("v1/devices/me/attributes", CLIENT, 1);
        tb.setSharedAttributesJson("dev-1", SHARED);
    }
}
