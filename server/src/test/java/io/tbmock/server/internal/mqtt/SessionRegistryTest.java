package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.tb.ClosableSession;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.model.DeviceCredentials;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Which sessions a reset must still close and wait for: every one until its DISCONNECT is journaled. */
class SessionRegistryTest {
    private final SessionRegistry registry = new SessionRegistry();
    private final DeviceEntry device =
        new DeviceEntry("id-1", "dev-1", "default", false, DeviceCredentials.token("T1"), "T1", 0, null, 10);

    @Test
    void aSessionThatLeftTheRegistryIsUnclosedUntilItsConnectionIsGone() {
        DeviceSession session = session();
        registry.open(session);
        registry.remove(session); // the transport's order: off the registry, then the DISCONNECT is journaled
        assertNull(registry.current(device.id()));
        assertEquals(List.of(session), registry.unclosed());
        session.markClosed(registry);
        assertEquals(List.of(), registry.unclosed());
    }

    @Test
    void aDisplacedSessionIsUnclosedBesideItsSuccessor() {
        DeviceSession first = session();
        DeviceSession second = session();
        registry.open(first);
        assertSame(first, registry.open(second));
        assertEquals(2, registry.unclosed().size());
        first.markClosed(registry);
        assertEquals(List.of(second), registry.unclosed());
    }

    @Test
    void aSessionWhoseConnectionWentAsItWasDisplacedIsNotKept() {
        DeviceSession first = session();
        DeviceSession second = session();
        registry.open(first);
        first.markClosed(registry); // on its event loop, before the newer session's thread displaces it
        assertSame(first, registry.open(second));
        assertEquals(List.of(second), registry.unclosed());
    }

    @Test
    void aProvisionSessionIsUnclosedUntilClosed() {
        ClosableSession provision = (reason, code) -> new CompletableFuture<>();
        registry.track(provision);
        assertEquals(List.of(provision), registry.unclosed());
        registry.closed(provision);
        assertEquals(List.of(), registry.unclosed());
    }

    private DeviceSession session() {
        return new DeviceSession(device, "client", 4, 0, new RecordingChannel(), null, null); // has no profile
    }
}
