package io.tbmock.server.internal.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

import java.util.Locale;

/**
 * Which TLS engine the listeners use: BoringSSL through Netty's tcnative when its native library loads here (it
 * handshakes several times faster than the JDK's TLS on the same certificates, docs/performance.md), else the
 * JDK's. {@code -Dtbmock.tls.provider=jdk} keeps the JDK's, as a way out should the native one misbehave.
 */
public final class TlsProvider {
    static final String PROPERTY = "tbmock.tls.provider";

    private TlsProvider() {
    }

    /** The engine for this process; asking loads the native library once (made lazily, with the TLS material). */
    public static SslProvider chosen() {
        return Holder.CHOSEN;
    }

    private static final class Holder {
        static final SslProvider CHOSEN = choose(System.getProperty(PROPERTY, "auto"));
    }

    static SslProvider choose(String wanted) {
        return switch (wanted.toLowerCase(Locale.ROOT)) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                OpenSsl.ensureAvailability();
                yield SslProvider.OPENSSL;
            }
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }
}
