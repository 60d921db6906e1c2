package io.tbmock.server.internal.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TlsProviderTest {

    @Test
    void boringSslWhereItLoadsTheJdksWhenAskedOrElsewhere() {
        assertEquals(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK, TlsProvider.choose("auto"));
        assertEquals(SslProvider.JDK, TlsProvider.choose("JDK"));
    }

    @Test
    void theBundledNativeLibraryLoadsOnTheBuildPlatforms() {
        // CI and the Docker image run on glibc x86_64, one of the bundled platforms: there BoringSSL must load,
        // or the TLS figures in docs/performance.md would silently be the JDK's.
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertEquals(SslProvider.OPENSSL, TlsProvider.choose("openssl"), String.valueOf(OpenSsl.unavailabilityCause()));
        }
    }
}
