package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.mqtt.Topics.Family;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.internal.tb.AttributeUpdate;
import io.tbmock.server.internal.tb.JsonCodec;
import io.tbmock.server.internal.tb.PayloadCodec;
import io.tbmock.server.internal.tb.ProfileService;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.internal.tb.ServedProfile;
import io.tbmock.server.internal.tb.SessionListener;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.SessionInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * One authenticated MQTT session of a device, as ThingsBoard's session context keeps it: what it
 * subscribed to (with granted QoS, in order), whether it is registered for attribute updates and RPC and
 * in which topic family, the family of its latest requests, and how to reach its connection.
 *
 * <p>Open from CONNACK ({@link #markReady()}) until the server starts closing it or the connection drops;
 * nothing is sent to a session that is not open. The future {@link #close} returns completes once the
 * connection is gone and its DISCONNECT is journaled.
 */
public final class DeviceSession implements SessionListener {
    /**
     * The most QoS 1 messages a connection may have sent and unacknowledged; beyond it, more are refused
     * (and journaled as not sent) until the device acknowledges. A device that reads keeps a handful; one that
     * stopped reading would otherwise make the server hold every message meant for it.
     */
    static final int MAX_BACKLOG_MESSAGES = 10_000;
    /** The same bound in payload bytes (a single message larger than it is still sent). */
    static final long MAX_BACKLOG_BYTES = 16L * 1024 * 1024;
    private static final int MQTT_5 = 5;

    private final DeviceEntry device;
    private final String clientId;
    private final int protocolVersion;
    private final long connectedAt;
    private final DeviceChannel channel;
    private final MqttDownlinks downlinks;
    private final ProfileService profiles;
    /** The filters of the profile last looked up, kept while the profile stays the same. */
    private volatile ProfileTopics topics;
    private volatile boolean ready;
    private volatile boolean closing;
    /** The connection is gone and the DISCONNECT journaled ({@link #markClosed}). */
    private volatile boolean closed;
    /**
     * Guarded by this: what {@link #close} returns, made by the first call, since most sessions end without one
     * (24 bytes an idle session); complete once {@link #closed}.
     */
    private CompletableFuture<Void> closedFuture;
    private final Deliveries deliveries;
    /** The gateway session a child speaks through, or null for a device's own connection. */
    private final DeviceSession gateway;
    /** How a child's session ends (the connection is the gateway's and stays); null for other sessions. */
    private final BiConsumer<DeviceSession, String> childCloser;
    /**
     * A gateway's children by name, made when first asked for: most sessions are no gateway's, and an idle fleet
     * is what a session's size is counted for.
     */
    private volatile Map<String, DeviceSession> children;
    /** Guarded by this; made at the first SUBSCRIBE: a device that only publishes never needs it. */
    private Map<String, Integer> subscriptions;
    private volatile Family attributeUpdates;
    private volatile Family rpcRequests;
    private volatile Family attributeResponses = Family.V1;
    private volatile Family clientRpcResponses = Family.V1;
    /** Made at the connection's first OTA request, as {@link #children} is. */
    private volatile OtaRequests otaRequests;

    public DeviceSession(DeviceEntry device, String clientId, int protocolVersion, long connectedAt,
                         DeviceChannel channel, MqttDownlinks downlinks, ProfileService profiles) {
        this(device, clientId, protocolVersion, connectedAt, channel, downlinks, profiles, null, null, new Deliveries());
    }

    private DeviceSession(DeviceEntry device, String clientId, int protocolVersion, long connectedAt,
                          DeviceChannel channel, MqttDownlinks downlinks, ProfileService profiles,
                          DeviceSession gateway, BiConsumer<DeviceSession, String> childCloser,
                          Deliveries deliveries) {
        this.device = device;
        this.downlinks = downlinks;
        this.profiles = profiles;
        this.clientId = clientId;
        this.protocolVersion = protocolVersion;
        this.connectedAt = connectedAt;
        this.channel = channel;
        this.gateway = gateway;
        this.childCloser = childCloser;
        this.deliveries = deliveries;
    }

    /**
     * The session of a gateway's child (docs/thingsboard-mqtt.md §11): it sends on the gateway's connection, sharing its
     * deliveries, and is registered for attribute updates and RPC from the start, as ThingsBoard subscribes
     * children.
     *
     * @param closer ends the child's session alone, with the reason; the gateway's connection stays
     */
    DeviceSession child(DeviceEntry child, long connectedAt, BiConsumer<DeviceSession, String> closer) {
        DeviceSession session = new DeviceSession(child, clientId, protocolVersion, connectedAt, channel, downlinks,
            profiles, this, closer, deliveries);
        session.attributeUpdates = Family.V1;
        session.rpcRequests = Family.V1;
        session.markReady();
        return session;
    }

    /** The gateway session this child speaks through, or null for a device's own connection. */
    public DeviceSession gateway() {
        return gateway;
    }

    /** A gateway session's children, by name; empty for any other session. */
    public Map<String, DeviceSession> children() {
        Map<String, DeviceSession> made = children;
        if (made == null) {
            synchronized (this) {
                if (children == null) {
                    children = new ConcurrentHashMap<>();
                }
                made = children;
            }
        }
        return made;
    }

    @Override
    public DeviceEntry device() {
        return device;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String gatewayName() {
        return gateway == null ? null : gateway.device().name();
    }

    @Override
    public String transport() {
        return Event.MQTT;
    }

    /**
     * What the device's publishes on its profile's topics read as; JSON for a gateway's child (the gateway API is
     * served in JSON).
     */
    @Override
    public PayloadCodec codec() {
        return gateway != null ? JsonCodec.INSTANCE : profile().codec();
    }

    /** How the device is served now: its profile is looked up for every message, so a saved change applies at once. */
    public ServedProfile profile() {
        return profiles.served(device.type());
    }

    /** The profile's topic filters (the defaults for a profile without an MQTT configuration). */
    ProfileTopics topics() {
        MqttTransportConfiguration mqtt = profile().mqtt();
        ProfileTopics known = topics;
        if (known == null || known.source() != mqtt) {
            known = ProfileTopics.of(mqtt);
            topics = known;
        }
        return known;
    }

    /** Whether this is a gateway's child and the gateway speaks protobuf (its own profile's payload type). */
    boolean viaProtobufGateway() {
        return gateway != null && gateway.profile().protobufPayloads();
    }

    /** What a publish in {@code family} reads as (docs/device-profiles.md, "Topic families"). */
    PayloadCodec uplinkCodec(Family family) {
        if (gateway != null || family == Family.V2_JSON) {
            return JsonCodec.INSTANCE;
        }
        return family == Family.V2_PROTO ? profile().protobuf() : profile().codec();
    }

    /** What the server writes to the device in {@code family}. */
    PayloadCodec downlinkCodec(Family family) {
        if (gateway != null || family == Family.V2_JSON) {
            return JsonCodec.INSTANCE;
        }
        ServedProfile profile = profile();
        return switch (family) {
            case V2_PROTO -> profile.protobuf();
            case V1 -> profile.defaultTopicsCodec();
            default -> profile.downlinkCodec();
        };
    }

    @Override
    public boolean onAttributeUpdate(AttributeUpdate update) {
        return downlinks.attributeUpdate(this, update);
    }

    @Override
    public void onServerRpc(ServerRpcRecord rpc) {
        downlinks.serverRpc(this, rpc);
    }

    /** A gateway's child stays reachable under its new name among the gateway's children. */
    @Override
    public void onRenamed(String newName) {
        if (gateway != null) {
            gateway.children().put(newName, this);
        }
    }

    /** MQTT 5 sessions get reason codes on the wire (docs/thingsboard-mqtt.md §1.5). */
    public boolean isMqtt5() {
        return protocolVersion == MQTT_5;
    }

    public void markReady() {
        ready = true;
    }

    /**
     * Past CONNACK and not closing: the device counts as connected, and messages may be sent to it. A session
     * the server has begun to close (a disconnect, a takeover, a reset) is no longer open.
     */
    @Override
    public boolean isOpen() {
        return ready && !closing && (gateway == null || gateway.isOpen());
    }

    // --- subscriptions ----------------------------------------------------------------------------------

    /**
     * The QoS granted to a SUBSCRIBE filter, or {@link SubscriptionRules#FAILURE}: ThingsBoard's filters, and the
     * profile's attribute subscribe filter, matched against the filter's text.
     */
    public int grant(String filter, int requestedQos) {
        int granted = SubscriptionRules.grant(filter, requestedQos);
        if (granted == SubscriptionRules.FAILURE && gateway == null && topics().attributesSubscribe().test(filter)) {
            return Math.min(requestedQos, 1);
        }
        return granted;
    }

    /** What an accepted filter registers for; the profile's attribute subscribe filter registers for updates. */
    SubscriptionRules.Effect effect(String filter) {
        SubscriptionRules.Effect effect = SubscriptionRules.effect(filter);
        if (effect == null && gateway == null && topics().attributesSubscribe().test(filter)) {
            return SubscriptionRules.Effect.ATTRIBUTE_UPDATES;
        }
        return effect;
    }

    /**
     * Records an accepted subscription and what it registers for; the latest registration decides the family. The
     * profile's attribute filter registers for updates on {@code v1/devices/me/attributes}, as in ThingsBoard.
     */
    public synchronized void subscribe(String filter, int grantedQos) {
        if (subscriptions == null) {
            subscriptions = new LinkedHashMap<>();
        }
        subscriptions.put(filter, grantedQos);
        SubscriptionRules.Effect effect = effect(filter);
        if (effect == SubscriptionRules.Effect.ATTRIBUTE_UPDATES) {
            Family family = SubscriptionRules.family(filter);
            attributeUpdates = family == null ? Family.V1 : family;
        } else if (effect == SubscriptionRules.Effect.RPC_REQUESTS) {
            rpcRequests = SubscriptionRules.family(filter);
        }
    }

    /** Removes a subscription; an attribute or RPC filter de-registers that kind. @return whether it existed */
    public synchronized boolean unsubscribe(String filter) {
        SubscriptionRules.Effect effect = effect(filter);
        if (effect == SubscriptionRules.Effect.ATTRIBUTE_UPDATES) {
            attributeUpdates = null;
        } else if (effect == SubscriptionRules.Effect.RPC_REQUESTS) {
            rpcRequests = null;
        }
        return subscriptions != null && subscriptions.remove(filter) != null;
    }

    /** The family shared-attribute updates are pushed in, or null when the device is not registered for them. */
    public Family attributeUpdates() {
        return attributeUpdates;
    }

    /** The family server-side RPCs are sent in, or null when the device is not registered for them. */
    public Family rpcRequests() {
        return rpcRequests;
    }

    /**
     * The QoS of a message to the device on {@code topic}: the granted QoS of the first subscription that
     * matches it, or 1 when none does (ThingsBoard's MqttDeviceAwareSessionContext.getQoSForTopic).
     */
    public synchronized int qosFor(String topic) {
        if (gateway != null) {
            return gateway.qosFor(topic); // the gateway's SUBSCRIBE sets the QoS of what its children get
        }
        if (subscriptions != null) {
            for (Map.Entry<String, Integer> subscription : subscriptions.entrySet()) {
                if (matches(subscription.getKey(), topic)) {
                    return subscription.getValue();
                }
            }
        }
        return 1;
    }

    // --- request families -------------------------------------------------------------------------------

    /** The family attribute responses go to: that of the latest attribute request on this connection. */
    public Family attributeResponses() {
        return attributeResponses;
    }

    public void attributeRequested(Family family) {
        attributeResponses = family;
    }

    /** The family client-RPC responses go to: that of the latest client-RPC request on this connection. */
    public Family clientRpcResponses() {
        return clientRpcResponses;
    }

    public void clientRpcRequested(Family family) {
        clientRpcResponses = family;
    }

    // --- OTA download state of this connection ---------------------------------------------------------

    /** Per connection, by OTA request id (one space for firmware and software, as in ThingsBoard). */
    private record OtaRequests(Map<String, Integer> chunkSizes, Map<String, String> packages) {
        OtaRequests() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    private OtaRequests otaRequests() {
        OtaRequests made = otaRequests;
        if (made == null) {
            synchronized (this) {
                if (otaRequests == null) {
                    otaRequests = new OtaRequests();
                }
                made = otaRequests;
            }
        }
        return made;
    }

    /** The chunk size last given with the request id, or 0 (which means the whole package). */
    public int otaChunkSize(String requestId, int given) {
        if (given > 0) {
            otaRequests().chunkSizes().put(requestId, given);
            return given;
        }
        return otaRequests().chunkSizes().getOrDefault(requestId, 0);
    }

    /** The package a request id was answered from first; it stays that package for the connection. */
    public String otaPackage(String requestId) {
        return otaRequests().packages().get(requestId);
    }

    public void otaPackage(String requestId, String packageId) {
        otaRequests().packages().put(requestId, packageId);
    }

    // --- sending ----------------------------------------------------------------------------------------

    /**
     * Sends to the device if the session is open. The message carries a delivery tag through the engine, so
     * the transport can say which message was written with which packet id, and {@code listener} (if not null)
     * hears when this one is written and, at QoS 1, acknowledged.
     *
     * <p>A device that does not read is sent only what it can take: at QoS 0 nothing while its connection's
     * send buffer is full (MQTT lets QoS 0 be lost; the engine would drop it unsaid), at QoS 1 nothing more
     * once {@link #MAX_BACKLOG_MESSAGES} or {@link #MAX_BACKLOG_BYTES} wait for its acknowledgement.
     */
    public SendResult send(String topic, int qos, byte[] payload, DeliveryListener listener) {
        return send(topic, qos, payload, listener, false);
    }

    /** {@link #send(String, int, byte[], DeliveryListener)}, written twice when {@code duplicate} (a fault). */
    SendResult send(String topic, int qos, byte[] payload, DeliveryListener listener, boolean duplicate) {
        if (!isOpen()) {
            return SendResult.SESSION_CLOSED;
        }
        if (qos == 0 && !channel.writable()) {
            return SendResult.DEVICE_NOT_READING;
        }
        int backlog = deliveries.backlogMessages();
        // One message alone is never refused: a whole firmware file asked for at once may be larger than the bound.
        if (qos > 0 && backlog > 0 && (backlog >= MAX_BACKLOG_MESSAGES
            || deliveries.backlogBytes() + payload.length > MAX_BACKLOG_BYTES)) {
            return SendResult.BACKLOG_FULL;
        }
        long tag = deliveries.next(listener, qos, payload.length, duplicate);
        // A QoS 0 message with nothing queued ahead of it skips the engine's thread (an OTA chunk, most pushes).
        boolean queued = qos == 0 && deliveries.aloneInQueue() ? channel.sendAtMostOnce(tag, topic, payload)
            : channel.send(tag, topic, qos, payload);
        if (!queued) {
            deliveries.cancel(tag);
            return SendResult.ENGINE_QUEUE_FULL;
        }
        return SendResult.SENT;
    }

    /** Whether the message with this delivery tag is to be written a second time (a DUPLICATE_DOWNLINK fault). */
    boolean takeDuplicate(long deliveryTag) {
        return deliveries.takeDuplicate(deliveryTag);
    }

    /** Called by the transport when the message with this delivery tag is written to the device. */
    public void written(long deliveryTag, int packetId, int qos) {
        deliveries.written(deliveryTag, packetId, qos);
    }

    /** Called by the transport for every PUBACK from the device: the packet id says which message it acknowledges. */
    public void acknowledged(int packetId) {
        deliveries.acknowledged(packetId);
    }

    /** {@inheritDoc} From now on nothing is sent to the session. */
    @Override
    public CompletableFuture<Void> close(String reason, int reasonCode) {
        closing = true;
        CompletableFuture<Void> done = closedFuture(); // first: the close may be over before this returns
        if (childCloser != null) {
            childCloser.accept(this, reason); // no DISCONNECT: the connection is the gateway's
        } else {
            channel.close(reason, reasonCode);
        }
        return done;
    }

    private synchronized CompletableFuture<Void> closedFuture() {
        if (closedFuture == null) {
            closedFuture = closed ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
        }
        return closedFuture;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** {@inheritDoc} A gateway's child stalls its gateway's connection: the one it speaks through. */
    @Override
    public boolean stall(long ms, Runnable begun) {
        channel.stall(ms, begun);
        return true;
    }

    /** {@inheritDoc} A gateway's child throttles its gateway's connection. */
    @Override
    public boolean throttle(long bytesPerSecond) {
        channel.throttle(bytesPerSecond);
        return true;
    }

    /**
     * Called by the transport once the connection is gone (and its DISCONNECT journaled, if it was ready): a reset
     * no longer waits for it, and a gateway's children go with it.
     */
    public void markClosed(SessionRegistry sessions) {
        closing = true;
        CompletableFuture<Void> waiting;
        synchronized (this) {
            closed = true;
            waiting = closedFuture;
        }
        if (waiting != null) {
            waiting.complete(null);
        }
        sessions.closed(this);
        Map<String, DeviceSession> gatewayChildren = children;
        if (gatewayChildren != null) {
            gatewayChildren.values().forEach(child -> child.close("the gateway's connection closed", ReasonCode.NONE));
        }
    }

    @Override
    public synchronized SessionInfo info() {
        List<String> filters = subscriptions == null ? new ArrayList<>() : new ArrayList<>(subscriptions.keySet());
        return new SessionInfo(isOpen(), clientId, connectedAt, protocolVersion, filters);
    }

    /** MQTT matching of an accepted filter ({@code +} is one level; accepted filters have no {@code #}). */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (f.length != t.length) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return true;
    }
}
