package io.tbmock.server.internal.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * ThingsBoard's client-certificate check at the TLS handshake (MqttSslHandlerProvider, docs/thingsboard-mqtt.md §2.3): no trust
 * anchor is consulted; the only requirement is that each certificate of the chain the client presents is
 * signed by the next one. Which device (if any) the leaf belongs to is decided at CONNECT, by its hash.
 */
final class ChainSignatureTrustManager extends X509ExtendedTrustManager {
    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        for (int i = 0; i + 1 < chain.length; i++) {
            try {
                chain[i].verify(chain[i + 1].getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CertificateException("Invalid Chain of X509 Certificates. " + chain[i].getSubjectX500Principal()
                    + " is not signed by " + chain[i + 1].getSubjectX500Principal(), e);
            }
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Empty: the server names no CA, so a client may present any certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
