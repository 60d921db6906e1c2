package io.tbmock.certs;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PemTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("pem test CA");

    @Test
    void certificatesRoundTrip() {
        Credential leaf = CA.clientCertificate("dev");
        String pem = Pem.write(leaf.chain());
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"));
        List<X509Certificate> read = Pem.readCertificates(pem);
        assertEquals(leaf.chain(), read);
        assertEquals(leaf.certificate(), Pem.readCertificate(pem));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void keysAreWrittenAsPkcs8AndReadBack(KeyType type) {
        PrivateKey key = CA.issue(CertificateRequest.client("dev").keyType(type)).privateKey();
        String pem = Pem.write(key);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
        assertArrayEquals(key.getEncoded(), Pem.readPrivateKey(pem).getEncoded());
    }

    @Test
    void pkcs1RsaKeysAreRead() throws Exception {
        KeyPair pair = KeyType.RSA_2048.generate();
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(pair); // traditional OpenSSL form: PKCS#1
        }
        assertTrue(out.toString().startsWith("-----BEGIN RSA PRIVATE KEY-----"), out.toString());
        assertArrayEquals(pair.getPrivate().getEncoded(), Pem.readPrivateKey(out.toString()).getEncoded());
    }

    @Test
    void sec1EcKeysAreRead() throws Exception {
        KeyPair pair = KeyType.EC_P256.generate();
        // What `openssl ecparam -name prime256v1 -genkey` writes: SEC1 with the curve named inside.
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) pair.getPrivate()).getS(),
            new X962Parameters(SECObjectIdentifiers.secp256r1)).getEncoded();
        String pem = "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1)
            + "\n-----END EC PRIVATE KEY-----\n";
        PrivateKey read = Pem.readPrivateKey(pem);
        assertEquals(((ECPrivateKey) pair.getPrivate()).getS(), ((ECPrivateKey) read).getS());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not pem at all", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"})
    void malformedCertificatesAreAPemException(String text) {
        PemException e = assertThrows(PemException.class, () -> Pem.readCertificates(text));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void aCertificateIsNotAKey() {
        assertThrows(PemException.class, () -> Pem.readPrivateKey(CA.certificatePem()));
    }
}
