package io.tbmock.testing;

import io.tbmock.certs.Pem;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** TLS socket factories for test devices: trust the mock's CA, optionally present a client certificate. */
public final class Tls {
    private Tls() {
    }

    /** One-way TLS: the device checks the server, the server does not ask who the device is. */
    public static SSLSocketFactory trusting(String caPem, String protocol) {
        return context(caPem, null, null, protocol).getSocketFactory();
    }

    /** A context trusting only the mock's CA, for an HTTPS client. */
    public static SSLContext trustingContext(String caPem) {
        return context(caPem, null, null, "TLS");
    }

    /** Mutual TLS: the device presents {@code chainPem} (leaf first) with its key. */
    public static SSLSocketFactory withClientCertificate(String caPem, String chainPem, String privateKeyPem) {
        return context(caPem, Pem.readCertificates(chainPem), Pem.readPrivateKey(privateKeyPem), "TLSv1.3")
            .getSocketFactory();
    }

    /**
     * Presents the given chain as it is, in order, however wrong it may be: a key store would refuse a chain
     * that is not signed in order, and the server's refusal of one is what a test may want to see.
     */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "device";
        private final X509Certificate[] chain;
        private final PrivateKey key;

        FixedKeyManager(List<X509Certificate> chain, PrivateKey key) {
            this.chain = chain.toArray(X509Certificate[]::new);
            this.key = key;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    private static SSLContext context(String caPem, List<X509Certificate> chain, PrivateKey key, String protocol) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", Pem.readCertificate(caPem));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManager[] keyManagers = chain == null ? null : new KeyManager[] {new FixedKeyManager(chain, key)};
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(keyManagers, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
