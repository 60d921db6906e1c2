package io.tbmock.certs;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A development certificate authority: it issues server certificates (with subject alternative names),
 * client certificates (CN = the device's name) and intermediate CAs for chain tests. Not for production.
 */
public final class CertificateAuthority {
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credential self;

    private CertificateAuthority(Credential self) {
        this.self = self;
    }

    /** A new self-signed root CA with an EC P-256 key, valid ten years. */
    public static CertificateAuthority create(String commonName) {
        return create(commonName, KeyType.EC_P256);
    }

    public static CertificateAuthority create(String commonName, KeyType keyType) {
        KeyPair keys = keyType.generate();
        Instant now = Instant.now();
        X500Name name = name(commonName);
        X509Certificate certificate = sign(builder(name, name, keys.getPublic(), now.minus(Duration.ofHours(1)),
            now.plus(CertificateRequest.DEFAULT_VALIDITY)), true, null, keys.getPublic(), null, keys.getPrivate());
        return new CertificateAuthority(new Credential(certificate, keys.getPrivate(), List.of(certificate)));
    }

    /**
     * A CA from its certificate (with its issuers after it, if it is an intermediate) and private key.
     *
     * @throws PemException either does not parse, or the key does not belong to the certificate
     */
    public static CertificateAuthority load(String certificatesPem, String privateKeyPem) {
        List<X509Certificate> chain = Pem.readCertificates(certificatesPem);
        PrivateKey key = Pem.readPrivateKey(privateKeyPem);
        X509Certificate certificate = chain.get(0);
        if (certificate.getBasicConstraints() < 0) {
            throw new PemException("the certificate of " + certificate.getSubjectX500Principal() + " is not a CA");
        }
        return new CertificateAuthority(new Credential(certificate, key, chain));
    }

    /** An intermediate CA issued by this one. */
    public CertificateAuthority intermediate(String commonName) {
        KeyPair keys = KeyType.EC_P256.generate();
        Instant now = Instant.now();
        X509Certificate certificate = sign(builder(issuerName(), name(commonName), keys.getPublic(),
            now.minus(Duration.ofHours(1)), now.plus(CertificateRequest.DEFAULT_VALIDITY)), true, null,
            keys.getPublic(), self.certificate().getPublicKey(), self.privateKey());
        return new CertificateAuthority(new Credential(certificate, keys.getPrivate(), withIssuers(certificate)));
    }

    public Credential issue(CertificateRequest request) {
        KeyPair keys = request.keyType().generate();
        X509Certificate certificate = sign(builder(issuerName(), name(request.commonName()), keys.getPublic(),
                request.notBefore(), request.notAfter()), false, request, keys.getPublic(),
            self.certificate().getPublicKey(), self.privateKey());
        return new Credential(certificate, keys.getPrivate(), withIssuers(certificate));
    }

    /** A client certificate with CN = {@code commonName}, valid ten years. */
    public Credential clientCertificate(String commonName) {
        return issue(CertificateRequest.client(commonName));
    }

    /** A server certificate for the names and addresses given. */
    public Credential serverCertificate(List<String> subjectAltNames) {
        return issue(CertificateRequest.server(subjectAltNames.toArray(String[]::new)));
    }

    public X509Certificate certificate() {
        return self.certificate();
    }

    /** This CA's certificate and key, and its issuers up to the root. */
    public Credential credential() {
        return self;
    }

    public String certificatePem() {
        return self.certificatePem();
    }

    private List<X509Certificate> withIssuers(X509Certificate certificate) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(self.chain());
        return chain;
    }

    private X500Name issuerName() {
        return X500Name.getInstance(self.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, "tbmock").build();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant notBefore,
                                                    Instant notAfter) {
        BigInteger serial = new BigInteger(96, RANDOM).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, boolean ca, CertificateRequest leaf,
                                        PublicKey subjectKey, PublicKey issuerKey, PrivateKey signer) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            if (issuerKey != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuerKey));
            }
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(leaf.server() ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
                if (!leaf.subjectAltNames().isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false, altNames(leaf.subjectAltNames()));
                }
            }
            return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(KeyType.signatureAlgorithm(signer)).build(signer)));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static GeneralNames altNames(List<String> names) {
        return new GeneralNames(names.stream()
            .map(n -> IP_ADDRESS.matcher(n).matches() ? new GeneralName(GeneralName.iPAddress, n)
                : new GeneralName(GeneralName.dNSName, n))
            .toArray(GeneralName[]::new));
    }
}
