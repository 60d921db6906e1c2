package io.tbmock.server;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tbmock.certs.CertificateAuthority;
import io.tbmock.certs.Credential;
import io.tbmock.server.internal.tb.proto.TransportMessages.CredentialsDataProto;
import io.tbmock.server.internal.tb.proto.TransportMessages.CredentialsType;
import io.tbmock.server.internal.tb.proto.TransportMessages.ProvisionDeviceCredentialsMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ProvisionDeviceRequestMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ProvisionDeviceResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ResponseStatus;
import io.tbmock.server.internal.tb.proto.TransportMessages.ValidateBasicMqttCredRequestMsg;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.JsonAssert;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import io.tbmock.testing.Tls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device provisioning (docs/thingsboard-mqtt.md §9), mirroring ThingsBoard's MqttProvisionJsonDeviceTest and the black-box tests. */
@ForEachProtocol
class ProvisioningTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String NOT_FOUND = "{\"errorMsg\":\"Provision data was not found!\",\"status\":\"NOT_FOUND\"}";
    private static final String FAILURE = "{\"errorMsg\":\"Failed to provision device!\",\"status\":\"FAILURE\"}";

    ProvisioningTest(MqttProtocol protocol) {
        super(protocol);
    }

    @BeforeEach
    void profiles() {
        tb.createProvisionProfile(new ProvisionProfile("esp32", "key-create", "secret-create",
            ProvisionStrategy.ALLOW_CREATE_NEW_DEVICES));
        tb.createProvisionProfile(new ProvisionProfile("factory", "key-check", "secret-check",
            ProvisionStrategy.CHECK_PRE_PROVISIONED_DEVICES));
        tb.createProvisionProfile(new ProvisionProfile("off", "key-off", "secret-off", ProvisionStrategy.DISABLED));
    }

    /** ThingsBoard's documentation example, end to end: provision, reconnect with the token, send telemetry. */
    @Test
    void aDeviceProvisionsItselfAndConnectsWithTheTokenItGot() throws Exception {
        String answer = provision("{\"deviceName\": \"DEVICE_NAME\", \"provisionDeviceKey\": \"key-create\", "
            + "\"provisionDeviceSecret\": \"secret-create\"}");
        String token = JsonAssert.tree(answer).get("credentialsValue").asText();
        assertTrue(token.matches("[A-Za-z0-9]{20}"), token);
        assertEquals("{\"credentialsValue\":\"" + token + "\",\"credentialsType\":\"ACCESS_TOKEN\",\"status\":\"SUCCESS\"}", answer);

        Device device = tb.device("DEVICE_NAME");
        assertEquals("esp32", device.type(), "the profile's name");
        assertEquals("esp32", device.provisionedBy());
        try (MqttDevice mqtt = connect(token)) {
            mqtt.publish("v1/devices/me/telemetry", "{\"provisioned\":true}", 1);
        }
        assertEquals(KvValue.of(true), tb.latestTelemetry("DEVICE_NAME").get("provisioned"));
    }

    @Test
    void aGivenTokenIsKept() throws Exception {
        assertEquals("{\"credentialsValue\":\"MY_TOKEN\",\"credentialsType\":\"ACCESS_TOKEN\",\"status\":\"SUCCESS\"}",
            provision(request("dev-a", "\"credentialsType\":\"ACCESS_TOKEN\",\"token\":\"MY_TOKEN\"")));
        assertEquals(token("MY_TOKEN"), tb.device("dev-a").credentials());
    }

    @Test
    void mqttBasicCredentialsComeBackWithUserNameInCamelCaseAndConnect() throws Exception {
        assertEquals("{\"credentialsValue\":{\"clientId\":\"test_clientId\",\"userName\":\"test_username\","
                + "\"password\":\"test_password\"},\"credentialsType\":\"MQTT_BASIC\",\"status\":\"SUCCESS\"}",
            provision(request("dev-b", "\"credentialsType\":\"MQTT_BASIC\",\"clientId\":\"test_clientId\","
                + "\"username\":\"test_username\",\"password\":\"test_password\"")));
        try (MqttDevice mqtt = MqttDevice.connect(port,
            deviceOptions().clientId("test_clientId").username("test_username").password("test_password"))) {
            mqtt.publish("v1/devices/me/telemetry", "{\"basic\":1}", 1);
        }
        assertEquals(KvValue.of(1), tb.latestTelemetry("dev-b").get("basic"));
    }

    @Test
    void fieldsNotSuppliedComeBackEmpty() throws Exception {
        assertEquals("{\"credentialsValue\":{\"clientId\":\"\",\"userName\":\"only_user\",\"password\":\"\"},"
                + "\"credentialsType\":\"MQTT_BASIC\",\"status\":\"SUCCESS\"}",
            provision(request("dev-c", "\"credentialsType\":\"MQTT_BASIC\",\"username\":\"only_user\"")));
    }

    @Test
    void aCertificateIsStoredAsSentAndAuthenticatesOverTls() throws Exception {
        Credential certificate = CertificateAuthority.create("device maker").clientCertificate("cert-dev");
        String base64 = Base64.getEncoder().encodeToString(certificate.certificate().getEncoded());
        String answer = provision(request("cert-dev", "\"credentialsType\":\"X509_CERTIFICATE\",\"hash\":"
            + KvValue.of(certificate.certificatePem()).toJson()));
        assertEquals("{\"credentialsValue\":\"" + base64 + "\",\"credentialsType\":\"X509_CERTIFICATE\",\"status\":\"SUCCESS\"}",
            answer, "armour and line breaks stripped");
        try (MqttDevice mqtt = MqttDevice.connect(tlsPort, deviceOptions().tls(Tls.withClientCertificate(
            tb.caCertificatePem(), certificate.certificatePem(), certificate.privateKeyPem())))) {
            mqtt.publish("v1/devices/me/telemetry", "{\"x509\":1}", 1);
        }
        assertEquals(KvValue.of(1), tb.latestTelemetry("cert-dev").get("x509"));
    }

    @Test
    void theHashIsNotValidated() throws Exception {
        assertEquals("{\"credentialsValue\":\"testHash\",\"credentialsType\":\"X509_CERTIFICATE\",\"status\":\"SUCCESS\"}",
            provision(request("hash-dev", "\"credentialsType\":\"X509_CERTIFICATE\",\"hash\":\"testHash\"")));
    }

    @Test
    void withoutAnyCredentialFieldTheDeviceKeepsARandomTokenWhateverTheType() throws Exception {
        String answer = provision(request("dev-d", "\"credentialsType\":\"MQTT_BASIC\""));
        assertEquals("ACCESS_TOKEN", JsonAssert.tree(answer).get("credentialsType").asText());
    }

    @Test
    void withoutANameTheDeviceGetsARandomOne() throws Exception {
        String answer = provision("{\"provisionDeviceKey\":\"key-create\",\"provisionDeviceSecret\":\"secret-create\"}");
        assertEquals("SUCCESS", JsonAssert.tree(answer).get("status").asText());
        String name = tb.devices().get(0).name();
        assertTrue(name.matches("[A-Za-z0-9]{20}"), name);
    }

    @Test
    void theNameIsTrimmedAndTheGatewayFlagKept() throws Exception {
        provision(request("  spaced  ", "\"gateway\":true"));
        assertTrue(tb.device("spaced").gateway());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an existing name | {\"deviceName\":\"taken\",\"provisionDeviceKey\":\"key-create\",\"provisionDeviceSecret\":\"secret-create\"}",
        "a blank name | {\"deviceName\":\"   \",\"provisionDeviceKey\":\"wrong-key-does-not-matter\",\"provisionDeviceSecret\":\"x\"}",
        "a duplicate token | {\"deviceName\":\"new\",\"provisionDeviceKey\":\"key-create\",\"provisionDeviceSecret\":\"secret-create\",\"token\":\"T-TAKEN\"}",
        "a password with a client id alone | {\"deviceName\":\"new\",\"provisionDeviceKey\":\"key-create\",\"provisionDeviceSecret\":\"secret-create\",\"credentialsType\":\"MQTT_BASIC\",\"clientId\":\"c\",\"password\":\"p\"}",
        "an unknown pre-provisioned device | {\"deviceName\":\"nobody\",\"provisionDeviceKey\":\"key-check\",\"provisionDeviceSecret\":\"secret-check\"}",
        "a device of another profile | {\"deviceName\":\"taken\",\"provisionDeviceKey\":\"key-check\",\"provisionDeviceSecret\":\"secret-check\"}"})
    void failures(String what, String request) throws Exception {
        tb.createDevice(NewDevice.named("taken").credentials(token("T-TAKEN")));
        assertEquals(FAILURE, provision(request), what);
    }

    @Test
    void credentialsThatCannotBeSavedLeaveTheDeviceCreatedWithARandomToken() throws Exception {
        tb.createDevice(NewDevice.named("other").credentials(token("T-TAKEN")));
        assertEquals(FAILURE, provision(request("created-anyway", "\"token\":\"T-TAKEN\"")));
        DeviceCredentials.AccessToken kept = (DeviceCredentials.AccessToken) tb.device("created-anyway").credentials();
        assertTrue(kept.token().matches("[A-Za-z0-9]{20}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an unknown key | {\"deviceName\":\"d\",\"provisionDeviceKey\":\"nope\",\"provisionDeviceSecret\":\"secret-create\"}",
        "a wrong secret | {\"deviceName\":\"d\",\"provisionDeviceKey\":\"key-create\",\"provisionDeviceSecret\":\"nope\"}",
        "an empty key | {\"deviceName\":\"d\",\"provisionDeviceKey\":\"\",\"provisionDeviceSecret\":\"secret-create\"}",
        "an empty secret | {\"deviceName\":\"d\",\"provisionDeviceKey\":\"key-create\",\"provisionDeviceSecret\":\"\"}",
        "a disabled profile | {\"deviceName\":\"d\",\"provisionDeviceKey\":\"key-off\",\"provisionDeviceSecret\":\"secret-off\"}",
        "a wrong secret for pre-provisioned | {\"deviceName\":\"d\",\"provisionDeviceKey\":\"key-check\",\"provisionDeviceSecret\":\"nope\"}"})
    void notFound(String what, String request) throws Exception {
        assertEquals(NOT_FOUND, provision(request), what);
        assertEquals(0, tb.devices().size());
    }

    @Test
    void aPreProvisionedDeviceGetsItsOwnCredentialsOnce() throws Exception {
        tb.createDevice(NewDevice.named("pre-1").credentials(token("PRE_TOKEN")).provisionProfile("factory"));
        String request = "{\"deviceName\":\"pre-1\",\"provisionDeviceKey\":\"key-check\",\"provisionDeviceSecret\":"
            + "\"secret-check\",\"credentialsType\":\"ACCESS_TOKEN\",\"token\":\"IGNORED\"}";
        assertEquals("{\"credentialsValue\":\"PRE_TOKEN\",\"credentialsType\":\"ACCESS_TOKEN\",\"status\":\"SUCCESS\"}",
            provision(request));
        assertEquals("factory", tb.device("pre-1").provisionedBy());
        assertEquals(FAILURE, provision(request), "a device provisions once");
    }

    @Test
    void theExchangeIsJournaled() throws Exception {
        provision(request("journaled", ""));
        Event request = tb.awaitEvent(EventFilter.all().type(EventType.PROVISION_REQUEST), WAIT);
        Event response = tb.awaitEvent(EventFilter.all().type(EventType.PROVISION_RESPONSE), WAIT);
        assertEquals("journaled", request.device());
        assertEquals("/provision/request", request.topic());
        assertEquals("/provision/response", response.topic());
        assertTrue(response.payload().contains("SUCCESS"));
    }

    // --- the provision-only session -------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"provision, some-client", "someone, provision"})
    void usernameOrClientIdProvisionMakesAProvisionSessionWhateverThePassword(String username, String clientId)
        throws Exception {
        try (MqttDevice device = MqttDevice.connect(port,
            deviceOptions().username(username).clientId(clientId).password("ignored"))) {
            assertArrayEquals(new int[] {1, mqtt5() ? 0x8F : 0x80},
                device.subscribe(2, "/provision/response", "v1/devices/me/attributes"));
            device.publish("/provision/request", request("via-" + username, ""), 1);
            MqttDevice.Received answer = device.nextMessage();
            assertEquals("/provision/response", answer.topic());
            assertTrue(answer.payload().contains("SUCCESS"), answer.payload());
        }
    }

    @Test
    void theAnswerComesWithoutASubscriptionAtQos1AndTheSessionClosesAfterIt() throws Exception {
        try (MqttDevice device = MqttDevice.connect(port, deviceOptions().username("provision"))) {
            device.publish("/provision/request", request("no-sub", ""), 0);
            MqttDevice.Received answer = device.nextMessage();
            assertEquals(1, answer.qos());
            assertTrue(device.awaitConnectionLost(), "closed after the delay");
        }
        Event disconnect = tb.awaitEvent(EventFilter.all().type(EventType.DISCONNECT), WAIT);
        long delay = PROVISION_CLOSE_DELAY.toMillis();
        assertEquals("ThingsBoard closes a provision session " + delay + " ms after its answer", disconnect.error());
    }

    /** A reset closes every session, a provision-only one too, and nothing of it is journaled afterwards. */
    @Test
    void aResetClosesAnOpenProvisionSession() throws Exception {
        try (MqttDevice device = MqttDevice.connect(port, deviceOptions().username("provision"))) {
            tb.awaitEvent(EventFilter.all().type(EventType.CONNECT), WAIT);
            tb.reset();
            assertEquals(mqtt5() ? Integer.valueOf(0x98) : null, device.awaitDisconnectReason(), "DISCONNECT's reason");
        }
        assertEquals(List.of(), tb.events(EventFilter.all()).events());
    }

    @Test
    void aQos0SubscriptionGetsTheAnswerAtQos0() throws Exception {
        try (MqttDevice device = MqttDevice.connect(port, deviceOptions().username("provision"))) {
            device.subscribe(0, "/provision/response");
            device.publish("/provision/request", request("qos0", ""), 1);
            assertEquals(0, device.nextMessage().qos());
        }
    }

    @Test
    void anyOtherTopicIsAcknowledgedThenClosed() throws Exception {
        try (RawMqtt raw = provisionConnection()) {
            int id = raw.publish("v1/devices/me/telemetry", "{\"a\":1}", 1);
            assertEquals(id, ((MqttPubAckMessage) raw.expect(MqttMessageType.PUBACK)).variableHeader().messageId());
            assertTrue(raw.awaitClosed().isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"provisionDeviceSecret\":\"s\"}", "{\"provisionDeviceKey\":\"k\"}",
        "{\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\",\"credentialsType\":\"PSK\"}",
        "{\"provisionDeviceKey\":null,\"provisionDeviceSecret\":\"s\"}"})
    void aRequestThingsBoardFailsOnIsAcknowledgedThenClosedWithoutAnswer(String request) throws Exception {
        try (RawMqtt raw = provisionConnection()) {
            raw.publish("/provision/request", request, 1);
            raw.expect(MqttMessageType.PUBACK);
            assertTrue(raw.awaitClosed().isEmpty(), "no answer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "\"x\""})
    void aRequestThatIsNotAJsonObjectClosesWithoutPuback(String request) throws Exception {
        try (RawMqtt raw = provisionConnection()) {
            raw.publish("/provision/request", request, 1);
            assertTrue(raw.awaitClosed().isEmpty());
        }
    }

    /** ThingsBoard's MqttProvisionProtoDeviceTest: a request that is not JSON is read as protobuf, and so answered. */
    @Test
    void aProtobufRequestIsAnsweredInProtobuf() throws Exception {
        ProvisionDeviceRequestMsg request = ProvisionDeviceRequestMsg.newBuilder().setDeviceName("proto-dev")
            .setCredentialsType(CredentialsType.MQTT_BASIC)
            .setProvisionDeviceCredentialsMsg(ProvisionDeviceCredentialsMsg.newBuilder()
                .setProvisionDeviceKey("key-create").setProvisionDeviceSecret("secret-create"))
            .setCredentialsDataProto(CredentialsDataProto.newBuilder().setValidateBasicMqttCredRequestMsg(
                ValidateBasicMqttCredRequestMsg.newBuilder().setClientId("c").setUserName("u").setPassword("p")))
            .build();
        ProvisionDeviceResponseMsg response;
        try (MqttDevice device = MqttDevice.connect(port, deviceOptions().username("provision"))) {
            device.publish("/provision/request", request.toByteArray(), 1);
            response = ProvisionDeviceResponseMsg.parseFrom(device.nextMessage().bytes());
        }
        assertEquals(ResponseStatus.SUCCESS, response.getStatus());
        assertEquals(CredentialsType.MQTT_BASIC, response.getCredentialsType());
        assertEquals("{\"clientId\":\"c\",\"userName\":\"u\",\"password\":\"p\"}", response.getCredentialsValue());
        assertEquals(DeviceCredentials.basic("c", "u", "p"), tb.device("proto-dev").credentials());
        Event journaled = tb.awaitEvent(EventFilter.all().type(EventType.PROVISION_REQUEST), WAIT);
        assertArrayEquals(request.toByteArray(), Base64.getDecoder().decode(journaled.payloadBase64()));
        assertTrue(journaled.payload().contains("\"deviceName\":\"proto-dev\""), journaled.payload());

        ProvisionDeviceRequestMsg wrongSecret = request.toBuilder().setDeviceName("other")
            .setProvisionDeviceCredentialsMsg(request.getProvisionDeviceCredentialsMsg().toBuilder()
                .setProvisionDeviceSecret("nope")).build();
        try (MqttDevice device = MqttDevice.connect(port, deviceOptions().username("provision"))) {
            device.publish("/provision/request", wrongSecret.toByteArray(), 1);
            assertEquals(ResponseStatus.NOT_FOUND,
                ProvisionDeviceResponseMsg.parseFrom(device.nextMessage().bytes()).getStatus());
        }
    }

    @Test
    void aProvisionSessionAnswersPings() throws Exception {
        try (RawMqtt raw = provisionConnection()) {
            raw.ping();
        }
        assertNull(tb.events(EventFilter.all().type(EventType.CONNECT)).events().get(0).device());
        assertFalse(tb.provisionProfiles().isEmpty());
    }

    private static RawMqtt provisionConnection() throws Exception {
        RawMqtt raw = new RawMqtt(port);
        raw.send(MqttMessageBuilders.connect().clientId("any").protocolVersion(MqttVersion.MQTT_3_1_1)
            .cleanSession(true).hasUser(true).username("provision").build());
        assertEquals(0, ((MqttConnAckMessage) raw.expect(MqttMessageType.CONNACK)).variableHeader()
            .connectReturnCode().byteValue());
        return raw;
    }

    private static String request(String name, String extraFields) {
        return "{\"deviceName\":\"" + name + "\",\"provisionDeviceKey\":\"key-create\",\"provisionDeviceSecret\":"
            + "\"secret-create\"" + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }

    /** As a device does it: connect as provision, subscribe, ask, read the answer. */
    private String provision(String request) throws Exception {
        try (MqttDevice device = MqttDevice.connect(port, deviceOptions().username("provision"))) {
            device.subscribe(1, "/provision/response");
            device.publish("/provision/request", request, 1);
            MqttDevice.Received answer = device.nextMessage();
            assertEquals("/provision/response", answer.topic());
            return answer.payload();
        }
    }
}
