package io.tbmock.certs;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM in and out. Certificates are written as {@code CERTIFICATE} blocks and keys as PKCS#8
 * {@code PRIVATE KEY}; keys are read as PKCS#8, PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}), as devices' tool chains produce them. Encrypted keys are not read.
 */
public final class Pem {
    private Pem() {
    }

    public static String write(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static String write(X509Certificate certificate) {
        return write(List.of(certificate));
    }

    /** The key as PKCS#8 {@code PRIVATE KEY}. */
    public static String write(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Every certificate in the text, in order. @throws PemException none, or one that does not parse */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : objects(pem)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                } catch (CertificateException e) {
                    throw new PemException("a CERTIFICATE block is not a valid X.509 certificate: " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new PemException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        return certificates;
    }

    /** The first certificate in the text. */
    public static X509Certificate readCertificate(String pem) {
        return readCertificates(pem).get(0);
    }

    /** The first private key in the text: PKCS#8, PKCS#1 or SEC1. @throws PemException none found */
    public static PrivateKey readPrivateKey(String pem) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects(pem)) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 may omit the public key
                }
            } catch (IOException e) {
                throw new PemException("the private key cannot be read: " + e.getMessage(), e);
            }
        }
        throw new PemException("no unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) found");
    }

    private static List<Object> objects(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new PemException("the PEM text is empty");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new PemException("the PEM text cannot be parsed: " + e.getMessage(), e);
        }
        return objects;
    }
}
