package io.tbmock.server;

import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tbmock.server.model.DeviceCredentials.basic;
import static io.tbmock.server.model.DeviceCredentials.token;
import static io.tbmock.testing.MqttDevice.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * MQTT Basic credentials in ThingsBoard's resolution order (docs/thingsboard-mqtt.md §2.2), mirroring ThingsBoard's
 * BasicMqttCredentialsTest.
 */
class BasicCredentialsTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void clientIdOnly() {
        tb.createDevice(NewDevice.named("dev").credentials(basic("client-1", null, null)));
        assertConnectsAs("dev", options().clientId("client-1"));
        assertEquals(2, MqttDevice.refusalCode(port, options().clientId("client-2")));
        assertEquals(5, MqttDevice.refusalCode(port, options().clientId("client-1").username("someone")),
            "with a username ThingsBoard never looks at sha3(clientId)");
    }

    @Test
    void clientIdAndUsernameWithoutStoredPasswordAcceptAnyPassword() {
        tb.createDevice(NewDevice.named("dev").credentials(basic("client-1", "user-1", null)));
        assertConnectsAs("dev", options().clientId("client-1").username("user-1"));
        assertConnectsAs("dev", options().clientId("client-1").username("user-1").password("whatever"));
        assertEquals(5, MqttDevice.refusalCode(port, options().clientId("client-2").username("user-1")));
    }

    @Test
    void clientIdUsernameAndPassword() {
        tb.createDevice(NewDevice.named("dev").credentials(basic("client-1", "user-1", "secret")));
        assertConnectsAs("dev", options().clientId("client-1").username("user-1").password("secret"));
        assertEquals(5, MqttDevice.refusalCode(port,
            options().clientId("client-1").username("user-1").password("wrong")));
        assertEquals(5, MqttDevice.refusalCode(port, options().clientId("client-1").username("user-1")));
    }

    @Test
    void usernameAndPasswordWithAnyClientId() {
        tb.createDevice(NewDevice.named("dev").credentials(basic(null, "user-1", "secret")));
        assertConnectsAs("dev", options().username("user-1").password("secret"));
        assertEquals(5, MqttDevice.refusalCode(port, options().username("user-1").password("wrong")));
    }

    @Test
    void basicCredentialsWinOverAnAccessTokenEqualToTheUsernameOnlyWithTheirClientId() {
        tb.createDevice(NewDevice.named("basic-device").credentials(basic("ClientId", "UserName1", null)));
        tb.createDevice(NewDevice.named("token-device").credentials(token("UserName1")));
        assertConnectsAs("basic-device", options().clientId("ClientId").username("UserName1"));
        assertConnectsAs("token-device", options().username("UserName1").password("random"));
    }

    @Test
    void aWrongPasswordOnMatchedBasicCredentialsDoesNotFallBackToTheAccessToken() {
        tb.createDevice(NewDevice.named("basic-device").credentials(basic("ClientId", "UserName1", "secret")));
        tb.createDevice(NewDevice.named("token-device").credentials(token("UserName1")));
        assertEquals(5, MqttDevice.refusalCode(port,
            options().clientId("ClientId").username("UserName1").password("wrong")));
    }

    @Test
    void credentialsThingsBoardWouldNotSaveAreRefused() {
        InvalidRequestException empty = assertThrows(InvalidRequestException.class,
            () -> tb.createDevice(NewDevice.named("dev").credentials(basic(null, null, "p"))));
        assertEquals("credentials.clientId", empty.field());
        InvalidRequestException passwordWithClientIdOnly = assertThrows(InvalidRequestException.class,
            () -> tb.createDevice(NewDevice.named("dev").credentials(basic("c", null, "p"))));
        assertEquals("credentials.password", passwordWithClientIdOnly.field());
        assertEquals(0, tb.devices().size(), "nothing was created");
    }

    @Test
    void aUsernameOnlyCredentialSharesTheIdSpaceOfAccessTokens() {
        tb.createDevice(NewDevice.named("token-device").credentials(token("shared-id")));
        assertThrows(ConflictException.class,
            () -> tb.createDevice(NewDevice.named("basic-device").credentials(basic(null, "shared-id", null))));
    }

    private static void assertConnectsAs(String deviceName, MqttDevice.Options options) {
        tb.resetData();
        assertEquals(-1, MqttDevice.refusalCode(port, options), "connection accepted");
        Event connect = tb.awaitEvent(EventFilter.all().type(EventType.CONNECT), WAIT);
        assertEquals(deviceName, connect.device());
    }
}
