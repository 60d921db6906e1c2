package io.tbmock.server.internal.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.tbmock.certs.CertificateAuthority;
import io.tbmock.certs.Credential;
import io.tbmock.certs.Pem;
import io.tbmock.certs.PemException;
import io.tbmock.certs.PrivateKeyFile;
import io.tbmock.server.TbMockException;
import io.tbmock.server.TbMockOptions;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The server's certificates: the CA that signs the server certificate and mints devices' client
 * certificates (made at start, or kept in the state directory so devices keep trusting the server), and the
 * server certificate presented on the MQTTS port (given by the user, or minted with localhost, 127.0.0.1,
 * the host name and any extra names).
 */
public final class ServerPki {
    static final String CA_CERTIFICATE = "ca.pem";
    static final String CA_KEY = "ca.key";
    static final String SERVER_CERTIFICATE = "server.pem";
    static final String SERVER_KEY = "server.key";
    private static final String CA_NAME = "tbmock development CA";

    private final CertificateAuthority ca;
    private final List<X509Certificate> serverChain;
    private final PrivateKey serverKey;

    private ServerPki(CertificateAuthority ca, List<X509Certificate> serverChain, PrivateKey serverKey) {
        this.ca = ca;
        this.serverChain = serverChain;
        this.serverKey = serverKey;
    }

    /**
     * Loads or makes the CA and the server certificate.
     *
     * @throws TbMockException a given file cannot be read or is not PEM
     */
    public static ServerPki prepare(TbMockOptions options) {
        try {
            CertificateAuthority ca = options.stateDirectory().isPresent()
                ? keptAuthority(options.stateDirectory().get()) : CertificateAuthority.create(CA_NAME);
            if (options.tlsCertificate().isPresent()) {
                return new ServerPki(ca, Pem.readCertificates(read(options.tlsCertificate().get())),
                    Pem.readPrivateKey(read(options.tlsKey().orElseThrow())));
            }
            Credential server = ca.serverCertificate(List.copyOf(subjectAltNames(options)));
            if (options.stateDirectory().isPresent()) {
                Path dir = options.stateDirectory().get();
                Files.writeString(dir.resolve(SERVER_CERTIFICATE), server.chainPem() + ca.certificatePem());
                PrivateKeyFile.write(dir.resolve(SERVER_KEY), server.privateKeyPem());
            }
            return new ServerPki(ca, server.chain(), server.privateKey());
        } catch (IOException | PemException e) {
            throw new TbMockException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The CA in the state directory, made and written there on first use. */
    private static CertificateAuthority keptAuthority(Path dir) throws IOException {
        Path certificate = dir.resolve(CA_CERTIFICATE);
        Path key = dir.resolve(CA_KEY);
        if (Files.exists(certificate) && Files.exists(key)) {
            return CertificateAuthority.load(read(certificate), read(key));
        }
        Files.createDirectories(dir);
        CertificateAuthority ca = CertificateAuthority.create(CA_NAME);
        Files.writeString(certificate, ca.certificatePem());
        PrivateKeyFile.write(key, ca.credential().privateKeyPem());
        return ca;
    }

    private static Set<String> subjectAltNames(TbMockOptions options) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = null;
            }
        }
        if (host != null && !host.isBlank()) {
            names.add(host);
        }
        names.addAll(options.tlsSubjectAltNames());
        return names;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
    }

    public CertificateAuthority ca() {
        return ca;
    }

    /**
     * The server's TLS context: TLS 1.3 and 1.2, client certificates wanted but not needed, and checked only
     * as ThingsBoard checks them ({@link ChainSignatureTrustManager}).
     */
    public SslContext sslContext() {
        try {
            return SslContextBuilder.forServer(serverKey, serverChain.toArray(X509Certificate[]::new))
                .sslProvider(TlsProvider.chosen())
                .protocols("TLSv1.3", "TLSv1.2")
                .clientAuth(ClientAuth.OPTIONAL)
                .trustManager(new ChainSignatureTrustManager())
                .build();
        } catch (SSLException e) {
            throw new TbMockException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The admin API's TLS context: the same server certificate, and no client certificate asked for, so a
     * browser holding certificates does not offer them.
     */
    public SslContext httpsContext() {
        try {
            return SslContextBuilder.forServer(serverKey, serverChain.toArray(X509Certificate[]::new))
                .sslProvider(TlsProvider.chosen())
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
        } catch (SSLException e) {
            throw new TbMockException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
