package io.tbmock.server;

import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.testing.ConnectedDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tbmock.testing.JsonAssert.assertJsonEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared attributes set by the server side and pushed to subscribed devices (docs/thingsboard-mqtt.md §5.2). */
@ForEachProtocol
class SharedAttributesTest extends ConnectedDevice {
    private static final Duration WAIT = Duration.ofSeconds(5);

    SharedAttributesTest(MqttProtocol protocol) {
        super(protocol);
    }

    @Test
    void aSubscribedDeviceGetsTheChangedKeysAsAFlatObject() throws Exception {
        device.subscribe(1, "v1/devices/me/attributes");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("sharedStr", "value1");
        values.put("sharedBool", true);
        values.put("sharedDbl", 42.0);
        values.put("sharedLong", 73);
        values.put("sharedJson", Map.of("someNumber", 42));
        assertTrue(tb.setSharedAttributes("dev-1", values));
        MqttDevice.Received update = device.nextMessage();
        assertEquals("v1/devices/me/attributes", update.topic());
        assertEquals(1, update.qos());
        assertJsonEquals("{\"sharedStr\":\"value1\",\"sharedBool\":true,\"sharedDbl\":42.0,\"sharedLong\":73,"
            + "\"sharedJson\":{\"someNumber\":42}}", update.payload());
        assertEquals(KvValue.of(73), tb.attributes("dev-1").shared().get("sharedLong"));
    }

    @Test
    void valuesAreTypedAsThingsBoardTypesThem() throws Exception {
        device.subscribe(1, "v1/devices/me/attributes");
        tb.setSharedAttributesJson("dev-1", "{\"n\":\"42\",\"d\":1.50,\"s\":\"abc\"}");
        assertJsonEquals("{\"n\":42,\"d\":1.5,\"s\":\"abc\"}", device.nextMessage().payload());
        assertEquals(Map.of("n", KvValue.of(42), "d", KvValue.of(1.5), "s", KvValue.of("abc")),
            tb.attributes("dev-1").shared());
    }

    @Test
    void deletingPushesTheDeletedKeys() throws Exception {
        device.subscribe(1, "v1/devices/me/attributes");
        tb.setSharedAttributes("dev-1", Map.of("a", 1, "b", 2, "c", 3));
        device.nextMessage();
        assertTrue(tb.deleteSharedAttributes("dev-1", "a", "b"));
        assertEquals("{\"deleted\":[\"a\",\"b\"]}", device.nextMessage().payload());
        assertEquals(Map.of("c", KvValue.of(3)), tb.attributes("dev-1").shared());
    }

    @Test
    void withoutASubscriptionTheValuesAreStoredButNotPushed() throws Exception {
        assertFalse(tb.setSharedAttributes("dev-1", Map.of("a", 1)));
        assertEquals(Map.of("a", KvValue.of(1)), tb.attributes("dev-1").shared());
        device.subscribe(1, "v1/devices/me/attributes");
        device.unsubscribe("v1/devices/me/attributes");
        assertFalse(tb.setSharedAttributes("dev-1", Map.of("b", 2)));
        assertFalse(tb.deleteSharedAttributes("dev-1", "a"));
        device.roundTrip();
        assertTrue(device.received().isEmpty(), "nothing was pushed: " + device.received());
    }

    @Test
    void theUpdateTakesTheQosOfTheSubscription() throws Exception {
        device.subscribe(0, "v1/devices/me/attributes");
        tb.setSharedAttributes("dev-1", Map.of("a", 1));
        assertEquals(0, device.nextMessage().qos());
    }

    @Test
    void theLatestAttributeSubscriptionDecidesTheTopic() throws Exception {
        device.subscribe(1, "v1/devices/me/attributes");
        device.subscribe(1, "v2/a/j");
        tb.setSharedAttributes("dev-1", Map.of("a", 1));
        assertEquals("v2/a/j", device.nextMessage().topic());
        device.subscribe(1, "v2/a");
        tb.setSharedAttributes("dev-1", Map.of("a", 2));
        assertEquals("v2/a", device.nextMessage().topic());
    }

    @Test
    void updatesAreNotReplayedAfterAReconnect() throws Exception {
        tb.setSharedAttributes("dev-1", Map.of("a", 1));
        device.close();
        try (MqttDevice again = connect("T1")) {
            again.subscribe(1, "v1/devices/me/attributes");
            again.roundTrip();
            assertTrue(again.received().isEmpty());
        }
    }

    @Test
    void theUpdateIsJournaled() throws Exception {
        device.subscribe(1, "v1/devices/me/attributes");
        tb.setSharedAttributes("dev-1", Map.of("a", 1));
        Event update = tb.awaitEvent(EventFilter.all().type(EventType.ATTRIBUTE_UPDATE), WAIT);
        assertEquals("{\"a\":1}", update.payload());
        assertEquals("v1/devices/me/attributes", update.topic());
        device.nextMessage();
    }

    @Test
    void badInputChangesNothing() {
        assertThrows(InvalidRequestException.class, () -> tb.setSharedAttributesJson("dev-1", "[1]"));
        assertThrows(InvalidRequestException.class, () -> tb.setSharedAttributesJson("dev-1", "{\"a\":"));
        assertThrows(InvalidRequestException.class, () -> tb.deleteSharedAttributes("dev-1"));
        assertThrows(NotFoundException.class, () -> tb.setSharedAttributes("nope", Map.of("a", 1)));
        assertEquals(Map.of(), tb.attributes("dev-1").shared());
        assertEquals(List.of(), tb.events(EventFilter.all().type(EventType.ATTRIBUTE_UPDATE)).events());
    }
}
