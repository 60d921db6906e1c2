package io.tbmock.server;

import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.testing.ConnectedDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claiming (docs/thingsboard-mqtt.md §8), mirroring ThingsBoard's MqttClaimDeviceTest. */
@ForEachProtocol
class ClaimTest extends ConnectedDevice {
    private static final Duration WAIT = Duration.ofSeconds(5);

    ClaimTest(MqttProtocol protocol) {
        super(protocol);
    }

    @Test
    void aFullClaimIsRecorded() throws Exception {
        device.publish("v1/devices/me/claim", "{\"secretKey\":\"value\",\"durationMs\":60000}", 1);
        ClaimRequest claim = tb.awaitClaim("dev-1", WAIT);
        assertEquals("value", claim.secretKey());
        assertEquals(60000, claim.durationMs());
        device.roundTrip();
        assertTrue(device.received().isEmpty(), "the device only gets a PUBACK");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "{}", "{\"durationMs\":0}", "{\"durationMs\":-5}"})
    void defaultsAreAnEmptySecretAndADay(String payload) throws Exception {
        device.publish("v1/devices/me/claim", payload, 1);
        ClaimRequest claim = tb.awaitClaim("dev-1", WAIT);
        assertEquals("", claim.secretKey());
        assertEquals(86_400_000L, claim.durationMs());
    }

    @Test
    void aSecondClaimWhileOneIsOpenChangesNothing() throws Exception {
        device.publish("v1/devices/me/claim", "{\"secretKey\":\"first\"}", 1);
        device.publish("v1/devices/me/claim", "{\"secretKey\":\"second\"}", 1);
        assertEquals("first", tb.claim("dev-1").orElseThrow().secretKey());
        assertTrue(tb.events(EventFilter.all().type(EventType.CLAIM)).events().get(1).error().contains("open claim"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"secret\"", "not json"})
    void anInvalidClaimIsRefusedAsAnInvalidPayload(String payload) throws Exception {
        assertRefusedAsInvalid(device, device.publishAsync("v1/devices/me/claim", payload, 1));
        assertEquals(Optional.empty(), tb.claim("dev-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"durationMs\":\"soon\"}", "{\"secretKey\":{}}"})
    void aClaimThingsBoardFailsOnClosesTheConnection(String payload) throws Exception {
        assertFailedOn(device, device.publishAsync("v1/devices/me/claim", payload, 1));
        assertEquals(Optional.empty(), tb.claim("dev-1"));
    }
}
