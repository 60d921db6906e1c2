package io.moquette.broker;

import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.persistence.MemorySessionsRepository;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Moquette's session registry, made safe for a device that goes away while its CONNECT is being handled.
 *
 * <p>Moquette handles a CONNECT on the session's thread and writes its CONNACK from there; when the connection
 * is already gone, the failed write's listener cleans the half-open session up on the connection's event
 * loop, racing with the session thread, which may meanwhile be opening the device's next connection under the
 * same client id. Lost, that race left a session Moquette could neither purge nor reopen, and the device's
 * next CONNECT was refused (CONNACK 3, server unavailable). Here the clean-up always runs on the session's
 * own thread, after whatever that thread had queued, and only for a session still current.
 */
final class EngineSessionRegistry extends SessionRegistry {
    private final SessionEventLoopGroup loops;

    EngineSessionRegistry(ISubscriptionsDirectory subscriptions, Authorizator authorizator,
                          ScheduledExecutorService scheduler, SessionEventLoopGroup loops) {
        super(subscriptions, new MemorySessionsRepository(), new MemoryQueueRepository(), authorizator, scheduler,
            Clock.systemDefaultZone(), Session.INFINITE_EXPIRY, loops);
        this.loops = loops;
    }

    @Override
    void connectionClosed(Session session) {
        String clientId = session.getClientID();
        if (Thread.currentThread().getName().equals(loops.sessionLoopThreadName(clientId))) {
            super.connectionClosed(session);
            return;
        }
        loops.routeCommand(clientId, "connection gone before CONNACK", () -> {
            if (retrieve(clientId) != session) {
                return null; // the device connected again meanwhile: that session stays
            }
            if (!session.connected() && !session.disconnected()) {
                session.closeImmediately(); // still connecting, with no connection left to connect
            }
            super.connectionClosed(session);
            return null;
        });
    }
}
