package io.tbmock.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate with its private key.
 *
 * @param certificate the certificate itself
 * @param privateKey  its private key
 * @param chain       the certificate, then each issuer up to the root CA
 */
public record Credential(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
    public Credential {
        chain = List.copyOf(chain);
    }

    public String certificatePem() {
        return Pem.write(certificate);
    }

    /** The certificate and its intermediate CAs, without the root: what a TLS peer presents. */
    public String chainPem() {
        return Pem.write(chain.size() > 1 ? chain.subList(0, chain.size() - 1) : chain);
    }

    public String privateKeyPem() {
        return Pem.write(privateKey);
    }
}
