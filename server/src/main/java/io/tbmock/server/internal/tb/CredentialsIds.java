package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.model.DeviceCredentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * The ids ThingsBoard stores device credentials under, and looks them up by on CONNECT (docs/thingsboard-mqtt.md §2.2):
 * an access token is its own id; MQTT Basic is {@code sha3(clientId|username)} with both,
 * {@code sha3(clientId)} with the client id only, and the raw username with the username only; an X.509
 * certificate is {@code sha3(base64(DER))} (docs/thingsboard-mqtt.md §2.3). One id space for all types, so an access token and a
 * username-only credential can collide, as in ThingsBoard.
 */
public final class CredentialsIds {
    private CredentialsIds() {
    }

    /**
     * The id the credentials are stored under.
     *
     * @throws InvalidRequestException the credentials are incomplete the way ThingsBoard refuses to save them
     */
    public static String of(DeviceCredentials credentials) {
        if (credentials instanceof DeviceCredentials.X509 x509) {
            return forCertificateText(x509.certificatePem());
        }
        if (credentials instanceof DeviceCredentials.AccessToken token) {
            if (isEmpty(token.token())) {
                throw new InvalidRequestException("credentials.token", "credentials.token must not be empty");
            }
            return token.token();
        }
        DeviceCredentials.MqttBasic basic = (DeviceCredentials.MqttBasic) credentials;
        boolean hasClientId = !isEmpty(basic.clientId());
        boolean hasUsername = !isEmpty(basic.username());
        if (!hasClientId && !hasUsername) {
            throw new InvalidRequestException("credentials.clientId",
                "MQTT_BASIC credentials need credentials.clientId or credentials.username (both are empty)");
        }
        if (hasClientId && !hasUsername && !isEmpty(basic.password())) {
            throw new InvalidRequestException("credentials.password",
                "credentials.password cannot be given with credentials.clientId alone: add credentials.username");
        }
        if (hasClientId && hasUsername) {
            return sha3Hex(basic.clientId() + "|" + basic.username());
        }
        return hasClientId ? sha3Hex(basic.clientId()) : basic.username();
    }

    /**
     * An X.509 credential's id: SHA3 of the standard Base64 of the certificate's DER, which is also what a
     * PEM certificate's body is without its armour and line breaks.
     */
    public static String forCertificate(X509Certificate certificate) {
        try {
            return sha3Hex(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate cannot be encoded", e);
        }
    }

    /**
     * An X.509 credential's id as ThingsBoard stores it: the certificate text without its armour lines and
     * line breaks (spaces stay), hashed. For a PEM certificate that is {@link #forCertificate}'s value.
     */
    static String forCertificateText(String text) {
        return sha3Hex(stripArmour(text));
    }

    /** ThingsBoard's stored form of a certificate: no BEGIN/END lines, no line breaks. */
    static String stripArmour(String text) {
        return text.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
            .replace("\n", "").replace("\r", "");
    }

    /** Lookup with a username: the SHA3 of the non-empty ones of client id and username, joined by "|". */
    public static String forClientIdAndUsername(String clientId, String username) {
        StringJoiner joined = new StringJoiner("|");
        if (!isEmpty(clientId)) {
            joined.add(clientId);
        }
        joined.add(username);
        return sha3Hex(joined.toString());
    }

    /** Lookup without a username. */
    public static String forClientId(String clientId) {
        return sha3Hex(clientId);
    }

    static String sha3Hex(String text) {
        try {
            MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
            return HexFormat.of().formatHex(sha3.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA3-256", e);
        }
    }

    public static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
