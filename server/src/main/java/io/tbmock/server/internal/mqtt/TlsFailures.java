package io.tbmock.server.internal.mqtt;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

import java.security.cert.CertificateException;
import java.util.Locale;

/**
 * A failed TLS handshake said as a user can act on it, instead of the TLS engine's message (the JDK's or
 * BoringSSL's): what went wrong and what to check. The engine's own words are kept in brackets only where nothing
 * better is known.
 */
final class TlsFailures {
    private TlsFailures() {
    }

    static String explain(Throwable failure) {
        String certificateProblem = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return "the client did not start TLS (a plain MQTT client on the MQTTS port?)";
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return "the client did not finish the TLS handshake in time";
            }
            if (t instanceof CertificateException && certificateProblem == null) {
                certificateProblem = t.getMessage();
            }
            root = t;
        }
        if (certificateProblem != null && certificateProblem.contains("Invalid Chain of X509 Certificates")) {
            return "the client's certificate chain is not signed in order, each certificate by the next "
                + "(ThingsBoard: Invalid Chain of X509 Certificates.)";
        }
        String message = String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("certificate_unknown") || message.contains("bad_certificate")
            || message.contains("unknown_ca")) {
            return "the client refused the server's certificate: it must trust the mock's CA (GET /admin/certs/ca.pem) "
                + "and connect by a name the certificate holds (--tls-san adds names)";
        }
        if (message.contains("protocol_version") || message.contains("no appropriate protocol")
            || message.contains("cipher suites in common") || message.contains("handshake_failure")
            || message.contains("unsupported_protocol") || message.contains("no_shared_cipher")) { // JDK, BoringSSL
            return "the client and the server have no TLS version or cipher suite in common (the server speaks TLS "
                + "1.2 and 1.3)";
        }
        if (certificateProblem != null) {
            return "the client's certificate was refused (" + certificateProblem + ")";
        }
        return "the connection failed during the TLS handshake (" + (root.getMessage() != null ? root.getMessage()
            : root.getClass().getSimpleName()) + ")";
    }
}
