package io.moquette.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.security.AcceptAllAuthenticator;
import io.moquette.broker.security.PermitAllAuthorizatorPolicy;
import io.moquette.broker.subscriptions.CTrieSubscriptionDirectory;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.interception.BrokerInterceptor;
import io.moquette.interception.InterceptHandler;
import io.moquette.persistence.MemorySessionsRepository;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one class of tbmock inside Moquette's package, and the only place that touches Moquette internals.
 *
 * <p>Moquette 0.17 offers no public way to put its protocol handler into a pipeline of ours: the handler's
 * constructor and the engine's parts are package-private. This bridge assembles the in-memory engine
 * from those parts the way {@code Server.startServer} does (sessions, post office, subscription tree,
 * session executors), minus everything tbmock does not use: no acceptor or listening port, no
 * persistence, no telemetry to a remote server, no authentication (the front does it). Moquette is pinned
 * to 0.17 in the parent pom for this reason; {@code EngineSeamTest} exercises the seam it opens. Its session
 * registry is Moquette's, made safe for a device that goes away during its CONNECT ({@link EngineSessionRegistry}),
 * and its record of subscriptions is indexed ({@link IndexedSubscriptions}).
 */
public final class MoquetteBridge implements AutoCloseable {
    /**
     * Commands waiting for a session thread. Every connect and close queues some, so a fleet that disconnects
     * at once (a simulation ending) queues one per session: with Moquette's 1024 the overflow was dropped,
     * leaving sessions the engine believed connected. Each queue's array costs 4 bytes a slot.
     */
    private static final int SESSION_QUEUE_SIZE = 1 << 18;

    private final ScheduledExecutorService scheduler;
    private final BrokerInterceptor interceptor;
    private final SessionRegistry sessions;
    private final PostOffice postOffice;
    private final NewNettyMQTTHandler protocolHandler;

    /** @param observers notified of engine events, on Moquette's interceptor thread */
    public MoquetteBridge(List<InterceptHandler> observers) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "moquette-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        interceptor = new BrokerInterceptor(List.copyOf(observers));
        CTrieSubscriptionDirectory subscriptions = new CTrieSubscriptionDirectory();
        subscriptions.init(new IndexedSubscriptions());
        Authorizator authorizator = new Authorizator(new PermitAllAuthorizatorPolicy());
        SessionEventLoopGroup sessionLoops = new SessionEventLoopGroup(interceptor, SESSION_QUEUE_SIZE);
        sessions = new EngineSessionRegistry(subscriptions, authorizator, scheduler, sessionLoops);
        postOffice = new PostOffice(subscriptions, new MemoryRetainedRepository(), sessions, interceptor,
            authorizator, sessionLoops);
        BrokerConfiguration config = new BrokerConfiguration(true, false, false, BrokerConstants.IMMEDIATE_BUFFER_FLUSH);
        protocolHandler = new NewNettyMQTTHandler(
            new MQTTConnectionFactory(config, new AcceptAllAuthenticator(), sessions, postOffice));
    }

    /** Moquette's protocol handler: {@code @Sharable}, the last stage of every MQTT pipeline. */
    public ChannelHandler protocolHandler() {
        return protocolHandler;
    }

    /**
     * Publishes to every session subscribed to the topic, at {@code qos} or the subscription's QoS if lower.
     * Takes ownership of {@code payload}: it is released here, so pass a buffer not used elsewhere.
     *
     * @return false when a session's command queue was full and the message could not be routed
     */
    public boolean publish(String topic, MqttQoS qos, ByteBuf payload) {
        MqttPublishMessage message = new MqttPublishMessage(
            new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, false, 0),
            new MqttPublishVariableHeader(topic, 0), payload);
        try {
            return postOffice.internalPublish(message).failedRoutings.isEmpty();
        } finally {
            payload.release();
        }
    }

    /**
     * Stops the session executors, then the interceptor thread. In that order: a session command still
     * queued (a closed connection's clean-up) notifies the interceptor, and must not find it stopped.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        postOffice.terminate();
        sessions.close();
        interceptor.stop();
    }

    /**
     * Moquette's record of subscriptions, indexed by client. Moquette's own in-memory repository removes a
     * subscription by scanning all of them, so every disconnect cost time in proportion to the sessions connected;
     * here it is one map removal. A client has one filter in the engine (its private one), so the client id alone
     * is the key. Moquette only reads the whole set when a directory is initialised from it.
     */
    private static final class IndexedSubscriptions implements ISubscriptionsRepository {
        private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

        @Override
        public Set<Subscription> listAllSubscriptions() {
            return Set.copyOf(subscriptions.values());
        }

        @Override
        public void addNewSubscription(Subscription subscription) {
            subscriptions.put(subscription.getClientId(), subscription);
        }

        @Override
        public void removeSubscription(String topicFilter, String clientId) {
            subscriptions.computeIfPresent(clientId, (client, subscription) ->
                subscription.getTopicFilter().toString().equals(topicFilter) ? null : subscription);
        }
    }

    /**
     * Moquette's session registry, made safe for a device that goes away while its CONNECT is being handled.
     *
     * <p>Moquette handles a CONNECT on the session's thread and writes its CONNACK from there; when the connection
     * is already gone, the failed write's listener cleans the half-open session up on the connection's event loop,
     * racing with the session thread, which may meanwhile be opening the device's next connection under the same
     * client id. Lost, that race left a session Moquette could neither purge nor reopen, and the device's next
     * CONNECT was refused (CONNACK 3, server unavailable). Here the clean-up always runs on the session's own
     * thread, after whatever that thread had queued, and only for a session still current.
     */
    private static final class EngineSessionRegistry extends SessionRegistry {
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
}
