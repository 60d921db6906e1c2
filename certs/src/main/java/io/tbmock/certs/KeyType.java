package io.tbmock.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

/** The key types the development PKI makes: EC P-256 (fast, the default) or RSA 2048 (for older devices). */
public enum KeyType {
    EC_P256,
    RSA_2048;

    KeyPair generate() {
        try {
            KeyPairGenerator generator;
            if (this == EC_P256) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make " + this + " keys", e);
        }
    }

    /** The signature algorithm a key of this kind signs certificates with. */
    static String signatureAlgorithm(PrivateKey signer) {
        return "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
