package io.tbmock.server;

import io.tbmock.certs.CertificateAuthority;
import io.tbmock.certs.CertificateRequest;
import io.tbmock.certs.Credential;
import io.tbmock.certs.Pem;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import io.tbmock.testing.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MQTTS and X.509 device authentication (docs/thingsboard-mqtt.md §2.3), with real TLS clients. */
@ForEachProtocol
class TlsTest extends RunningServer {
    private static final Duration WAIT = Duration.ofSeconds(5);

    TlsTest(MqttProtocol protocol) {
        super(protocol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aTokenDeviceConnectsOverOneWayTls(String protocol) throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice device = MqttDevice.connect(tlsPort,
            deviceOptions().username("T1").tls(Tls.trusting(tb.caCertificatePem(), protocol)))) {
            device.publish("v1/devices/me/telemetry", "{\"secure\":true}", 1);
        }
        assertEquals(KvValue.of(true), tb.latestTelemetry("dev-1").get("secure"));
        String connect = tb.awaitEvent(EventFilter.all().type(EventType.CONNECT), WAIT).payload();
        assertTrue(connect.contains("\"tls\":\"" + protocol + "\""), connect);
        assertTrue(connect.contains("\"clientCertificate\":null"), connect);
    }

    @Test
    void aDeviceAuthenticatesWithAMintedCertificate() throws Exception {
        Device device = tb.createDevice(NewDevice.named("cert-dev").credentials(DeviceCredentials.x509()));
        DeviceCredentials.X509 minted = (DeviceCredentials.X509) device.credentials();
        assertNotNull(minted.privateKeyPem(), "the key is returned once");
        assertTrue(Pem.readCertificate(minted.certificatePem()).getSubjectX500Principal().getName().contains("CN=cert-dev"));
        assertEquals(null, ((DeviceCredentials.X509) tb.device("cert-dev").credentials()).privateKeyPem(), "and not kept");

        try (MqttDevice mqtt = MqttDevice.connect(tlsPort, deviceOptions().username("ignored-with-a-certificate")
            .tls(Tls.withClientCertificate(tb.caCertificatePem(), minted.certificatePem(), minted.privateKeyPem())))) {
            mqtt.publish("v1/devices/me/telemetry", "{\"via\":\"x509\"}", 1);
        }
        assertEquals(KvValue.of("x509"), tb.latestTelemetry("cert-dev").get("via"));
        assertTrue(tb.awaitEvent(EventFilter.all().type(EventType.CONNECT), WAIT).payload().contains("CN=cert-dev"));
    }

    @Test
    void aCertificateSignedByAnIntermediateIsMatchedByItsLeaf() throws Exception {
        CertificateAuthority vendor = CertificateAuthority.create("device vendor root").intermediate("vendor factory CA");
        Credential leaf = vendor.clientCertificate("factory-dev");
        tb.createDevice(NewDevice.named("factory-dev").credentials(DeviceCredentials.x509(leaf.certificatePem())));
        try (MqttDevice mqtt = MqttDevice.connect(tlsPort, deviceOptions()
            .tls(Tls.withClientCertificate(tb.caCertificatePem(), leaf.chainPem(), leaf.privateKeyPem())))) {
            mqtt.publish("v1/devices/me/telemetry", "{\"chain\":2}", 1);
        }
        assertEquals(KvValue.of(2), tb.latestTelemetry("factory-dev").get("chain"));
    }

    @Test
    void anExpiredCertificateIsRefusedAsNotAuthorized() {
        CertificateAuthority ca = CertificateAuthority.create("other CA");
        Instant past = Instant.now().minus(Duration.ofDays(10));
        Credential expired = ca.issue(CertificateRequest.client("old-dev").validity(past, past.plus(Duration.ofDays(1))));
        tb.createDevice(NewDevice.named("old-dev").credentials(DeviceCredentials.x509(expired.certificatePem())));
        assertEquals(notAuthorized(), MqttDevice.refusalCode(tlsPort, deviceOptions()
            .tls(Tls.withClientCertificate(tb.caCertificatePem(), expired.certificatePem(), expired.privateKeyPem()))));
        assertTrue(tb.awaitEvent(EventFilter.all().type(EventType.CONNECT_REJECTED), WAIT).error().contains("expired"));
    }

    @Test
    void anUnknownCertificateIsRefusedAsNotAuthorizedEvenWithAValidToken() {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        Credential stranger = CertificateAuthority.create("stranger").clientCertificate("nobody");
        assertEquals(notAuthorized(), MqttDevice.refusalCode(tlsPort, deviceOptions().username("T1")
            .tls(Tls.withClientCertificate(tb.caCertificatePem(), stranger.certificatePem(), stranger.privateKeyPem()))));
    }

    /** A certificate refusal's CONNACK: 5 for MQTT 3.x, 0x87 for MQTT 5, never "bad username or password". */
    private int notAuthorized() {
        return mqtt5() ? 0x87 : 5;
    }

    @Test
    void aChainThatIsNotSignedInOrderFailsTheHandshake() throws Exception {
        Credential leaf = CertificateAuthority.create("real issuer").clientCertificate("dev");
        String wrongIssuer = CertificateAuthority.create("pretender").certificatePem();
        tb.createDevice(NewDevice.named("dev").credentials(DeviceCredentials.x509(leaf.certificatePem())));
        Exception failure = assertThrows(Exception.class, () -> MqttDevice.connect(tlsPort, deviceOptions()
            .tls(Tls.withClientCertificate(tb.caCertificatePem(), leaf.certificatePem() + wrongIssuer,
                leaf.privateKeyPem()))).close());
        assertFalse(failure instanceof MqttDevice.Refused, "a TLS failure, not a CONNACK: " + failure);
        Event rejected = tb.awaitEvent(EventFilter.all().type(EventType.CONNECT_REJECTED), WAIT);
        assertTrue(rejected.error().contains("Invalid Chain of X509 Certificates"), rejected.error());
    }

    @Test
    void aPlainClientOnTheTlsPortFailsCleanlyWhileOthersContinue() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice bystander = MqttDevice.connect(tlsPort,
            deviceOptions().username("T1").tls(Tls.trusting(tb.caCertificatePem(), "TLSv1.3")))) {
            try (RawMqtt plain = new RawMqtt(tlsPort)) {
                plain.sendBytes(RawMqtt.connectPacket(4, "plain-on-tls"));
                assertTrue(plain.awaitClosed().isEmpty());
            }
            assertEquals("TLS handshake failed: the client did not start TLS (a plain MQTT client on the MQTTS port?)",
                tb.awaitEvent(EventFilter.all().type(EventType.CONNECT_REJECTED), WAIT).error());
            bystander.publish("v1/devices/me/telemetry", "{\"still\":1}", 1);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheServerIsToldWhatToCheck() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        String strangerCa = CertificateAuthority.create("stranger").certificatePem();
        assertThrows(Exception.class, () -> MqttDevice.connect(tlsPort, deviceOptions().username("T1")
            .tls(Tls.trusting(strangerCa, "TLSv1.2"))).close());
        String error = tb.awaitEvent(EventFilter.all().type(EventType.CONNECT_REJECTED), WAIT).error();
        assertTrue(error.startsWith("TLS handshake failed: the client refused the server's certificate: it must trust "
            + "the mock's CA (GET /admin/certs/ca.pem)"), error);
    }

    @Test
    void aTlsClientOnThePlainPortFailsCleanlyWhileOthersContinue() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
        try (MqttDevice bystander = connect("T1")) {
            try (SSLSocket socket = (SSLSocket) Tls.trusting(tb.caCertificatePem(), "TLSv1.3")
                .createSocket("127.0.0.1", port)) {
                socket.setSoTimeout((int) WAIT.toMillis());
                assertThrows(IOException.class, () -> {
                    socket.startHandshake();
                    InputStream in = socket.getInputStream();
                    if (in.read() < 0) {
                        throw new IOException("closed");
                    }
                });
            }
            assertTrue(tb.awaitEvent(EventFilter.all().type(EventType.REJECTED), WAIT).error().contains("malformed"));
            bystander.publish("v1/devices/me/telemetry", "{\"still\":1}", 1);
        }
    }

    @Test
    void aMalformedCertificateIsRefusedNamingTheField() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> tb.createDevice(
            NewDevice.named("d").credentials(DeviceCredentials.x509("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"))));
        assertEquals("credentials.certificatePem", e.field());
        assertEquals(0, tb.devices().size());
    }

    @Test
    void theSameCertificateCannotBelongToTwoDevices() {
        Credential shared = CertificateAuthority.create("ca").clientCertificate("twin");
        tb.createDevice(NewDevice.named("one").credentials(DeviceCredentials.x509(shared.certificatePem())));
        assertThrows(ConflictException.class,
            () -> tb.createDevice(NewDevice.named("two").credentials(DeviceCredentials.x509(shared.certificatePem()))));
    }
}
