package io.tbmock.server;

import io.tbmock.certs.CertificateAuthority;
import io.tbmock.certs.Credential;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the MQTTS server certificate comes from: given files, or a CA kept in a state directory. */
class ServerCertificateTest {

    @Test
    void aGivenCertificateChainAndKeyArePresented(@TempDir Path dir) throws Exception {
        CertificateAuthority companyCa = CertificateAuthority.create("company CA");
        Credential server = companyCa.serverCertificate(List.of("localhost", "127.0.0.1"));
        Files.writeString(dir.resolve("server.pem"), server.chainPem());
        Files.writeString(dir.resolve("server.key"), server.privateKeyPem());
        try (TbMockServer mock = TbMockServer.start(options()
            .tlsCertificate(dir.resolve("server.pem"), dir.resolve("server.key")).build())) {
            mock.mock().createDevice(NewDevice.named("dev-1").credentials(token("T1")));
            try (MqttDevice device = MqttDevice.connect(mock.mqttsPort().orElseThrow(), MqttDevice.options()
                .username("T1").tls(Tls.trusting(companyCa.certificatePem(), "TLSv1.3")))) {
                assertTrue(device.isConnected(), "the device trusts the company CA, not the mock's");
            }
        }
    }

    @Test
    void aFileThatIsNotPemFailsTheStart(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("server.pem"), "not a certificate");
        Files.writeString(dir.resolve("server.key"), "not a key");
        TbMockException failure = assertThrows(TbMockException.class, () -> TbMockServer.start(options()
            .tlsCertificate(dir.resolve("server.pem"), dir.resolve("server.key")).build()));
        assertTrue(failure.getMessage().startsWith("cannot set up TLS"), failure.getMessage());
    }

    @Test
    void aStateDirectoryKeepsTheCaAcrossRestarts(@TempDir Path dir) {
        String first;
        try (TbMockServer mock = TbMockServer.start(options().stateDirectory(dir).build())) {
            first = mock.mock().caCertificatePem();
        }
        try (TbMockServer mock = TbMockServer.start(options().stateDirectory(dir).build())) {
            assertEquals(first, mock.mock().caCertificatePem());
        }
        assertEquals(first, readString(dir.resolve("ca.pem")));
    }

    private static TbMockOptions.Builder options() {
        return TbMockOptions.builder().mqttPort(0).mqttsPort(0).bindAddress("127.0.0.1");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
