package io.tbmock.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to issue: {@code CertificateRequest.client("dev-1")}, {@code CertificateRequest.server("localhost",
 * "127.0.0.1")}, with optional validity and key type.
 *
 * @param commonName      the subject's CN (a device's name for client certificates)
 * @param subjectAltNames DNS names and IP addresses (server certificates)
 * @param server          a server certificate (serverAuth) rather than a client one (clientAuth)
 * @param notBefore       start of validity
 * @param notAfter        end of validity; in the past for an expired certificate
 * @param keyType         the key to generate
 */
public record CertificateRequest(String commonName, List<String> subjectAltNames, boolean server, Instant notBefore,
                                 Instant notAfter, KeyType keyType) {
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

    public CertificateRequest {
        Objects.requireNonNull(commonName, "commonName");
        subjectAltNames = List.copyOf(subjectAltNames);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
    }

    public static CertificateRequest client(String commonName) {
        Instant now = Instant.now();
        return new CertificateRequest(commonName, List.of(), false, now.minus(Duration.ofHours(1)),
            now.plus(DEFAULT_VALIDITY), KeyType.EC_P256);
    }

    /** A server certificate named by its first subject alternative name. */
    public static CertificateRequest server(String... subjectAltNames) {
        Instant now = Instant.now();
        return new CertificateRequest(subjectAltNames.length == 0 ? "localhost" : subjectAltNames[0],
            List.of(subjectAltNames), true, now.minus(Duration.ofHours(1)), now.plus(DEFAULT_VALIDITY), KeyType.EC_P256);
    }

    public CertificateRequest validity(Instant notBefore, Instant notAfter) {
        return new CertificateRequest(commonName, subjectAltNames, server, notBefore, notAfter, keyType);
    }

    public CertificateRequest keyType(KeyType keyType) {
        return new CertificateRequest(commonName, subjectAltNames, server, notBefore, notAfter, keyType);
    }
}
