package io.tbmock.certs;

import org.junit.jupiter.api.Test;

import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateAuthorityTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("tbmock test CA");

    @Test
    void theRootIsASelfSignedEcCa() throws Exception {
        X509Certificate root = CA.certificate();
        root.verify(root.getPublicKey());
        assertTrue(root.getBasicConstraints() >= 0, "a CA");
        assertEquals("EC", root.getPublicKey().getAlgorithm());
        assertEquals(List.of(root), CA.credential().chain());
    }

    @Test
    void aClientCertificateCarriesTheDeviceNameAsCommonName() throws Exception {
        Credential client = CA.clientCertificate("dev-1");
        client.certificate().verify(CA.certificate().getPublicKey());
        client.certificate().checkValidity();
        assertTrue(client.certificate().getSubjectX500Principal().getName().contains("CN=dev-1"));
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), client.certificate().getExtendedKeyUsage(), "clientAuth");
        assertEquals(-1, client.certificate().getBasicConstraints(), "not a CA");
        assertEquals(List.of(client.certificate(), CA.certificate()), client.chain());
    }

    @Test
    void aServerCertificateCarriesItsNamesAndAddresses() throws Exception {
        Credential server = CA.serverCertificate(List.of("localhost", "127.0.0.1", "mock.example"));
        Set<String> altNames = server.certificate().getSubjectAlternativeNames().stream()
            .map(entry -> entry.get(1).toString()).collect(Collectors.toSet());
        assertEquals(Set.of("localhost", "127.0.0.1", "mock.example"), altNames);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), server.certificate().getExtendedKeyUsage(), "serverAuth");
    }

    @Test
    void anIntermediateChainsUpToTheRoot() throws Exception {
        CertificateAuthority intermediate = CA.intermediate("tbmock intermediate");
        Credential leaf = intermediate.clientCertificate("dev-2");
        leaf.certificate().verify(intermediate.certificate().getPublicKey());
        intermediate.certificate().verify(CA.certificate().getPublicKey());
        assertEquals(List.of(leaf.certificate(), intermediate.certificate(), CA.certificate()), leaf.chain());
        assertEquals(2, Pem.readCertificates(leaf.chainPem()).size(), "leaf and intermediate, not the root");
    }

    @Test
    void rsaOnRequestAndAnyValidity() {
        Instant past = Instant.now().minus(Duration.ofDays(30));
        Credential expired = CA.issue(CertificateRequest.client("old").keyType(KeyType.RSA_2048)
            .validity(past, past.plus(Duration.ofDays(1))));
        assertEquals("RSA", expired.certificate().getPublicKey().getAlgorithm());
        assertThrows(CertificateExpiredException.class, () -> expired.certificate().checkValidity());
    }

    @Test
    void anRsaCaSignsWithRsa() throws Exception {
        CertificateAuthority rsa = CertificateAuthority.create("rsa CA", KeyType.RSA_2048);
        Credential client = rsa.clientCertificate("dev");
        client.certificate().verify(rsa.certificate().getPublicKey());
        assertEquals("SHA256withRSA", client.certificate().getSigAlgName());
    }

    @Test
    void aCaLoadsFromItsPem() throws Exception {
        CertificateAuthority loaded = CertificateAuthority.load(CA.certificatePem(), CA.credential().privateKeyPem());
        loaded.clientCertificate("dev").certificate().verify(CA.certificate().getPublicKey());
        assertThrows(PemException.class, () -> CertificateAuthority.load(
            CA.clientCertificate("leaf").certificatePem(), CA.credential().privateKeyPem()));
    }
}
