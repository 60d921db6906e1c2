package io.tbmock.junit5;

import io.tbmock.admin.AdminServer;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * Where the running server is, for pointing the device code under test at it: the Java API handle, the
 * MQTT, MQTTS and admin addresses, and the CA a TLS client must trust.
 */
public final class TbMockRuntimeInfo {
    private final TbMockServer server;
    private final AdminServer admin;
    private final String host;

    TbMockRuntimeInfo(TbMockServer server, AdminServer admin) {
        this.server = server;
        this.admin = admin;
        String bound = server.options().bindAddress();
        this.host = bound.equals("0.0.0.0") || bound.equals("::") ? "127.0.0.1" : bound;
    }

    /** The Java API: devices, shared attributes, RPC, OTA, recorded data and waits. */
    public TbMock mock() {
        return server.mock();
    }

    public TbMockServer server() {
        return server;
    }

    /** The host devices connect to (the bind address; 127.0.0.1 unless set otherwise). */
    public String host() {
        return host;
    }

    public int mqttPort() {
        return server.mqttPort();
    }

    /** {@code tcp://127.0.0.1:<port>}, as Paho and most MQTT clients take it. */
    public URI mqttUri() {
        return URI.create("tcp://" + host + ":" + mqttPort());
    }

    /** @throws IllegalStateException TLS was turned off for this server */
    public int mqttsPort() {
        return server.mqttsPort().orElseThrow(() -> new IllegalStateException(
            "MQTT over TLS is off for this server; turn it on with tls(true) or @TbMockTest(tls = true)"));
    }

    /** {@code ssl://127.0.0.1:<port>}; the server certificate is signed by {@link #caCertificatePem()}. */
    public URI mqttsUri() {
        return URI.create("ssl://" + host + ":" + mqttsPort());
    }

    /** @throws IllegalStateException the admin API was turned off for this server */
    public int adminPort() {
        if (admin == null) {
            throw new IllegalStateException(
                "the admin API is off for this server; turn it on with adminApi(true) or @TbMockTest(adminApi = true)");
        }
        return admin.port();
    }

    /**
     * {@code http://127.0.0.1:<port>}, the base of the admin REST API (docs/admin-api.md), of ThingsBoard's own
     * REST API under {@code /api} (docs/thingsboard-rest.md) and of its HTTP device API under {@code /api/v1}
     * (docs/thingsboard-http.md).
     */
    public URI adminUrl() {
        return URI.create("http://" + host + ":" + adminPort());
    }

    /** The CA certificate (PEM) the MQTTS server certificate chains to: what a device under test trusts. */
    public String caCertificatePem() {
        return mock().caCertificatePem();
    }

    /** Trust managers that trust the CA and nothing else (for the HiveMQ client's {@code sslConfig()}). */
    public TrustManagerFactory trustManagerFactory() {
        try {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("tbmock-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the CA certificate", e);
        }
    }

    /** A TLS context that trusts the CA (for Paho: {@code options.setSocketFactory(sslContext().getSocketFactory())}). */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context", e);
        }
    }

    /** Stops the admin API, then the server. */
    void close() {
        if (admin != null) {
            admin.close();
        }
        server.close();
    }

    @Override
    public String toString() {
        return "tbmock at " + mqttUri() + (server.mqttsPort().isPresent() ? ", " + mqttsUri() : "")
            + (admin == null ? "" : ", admin " + adminUrl());
    }
}
