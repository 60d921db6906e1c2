package io.tbmock.server.internal.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tbmock.server.internal.tb.DeviceSession;
import io.tbmock.server.internal.tb.AuthResult;
import io.tbmock.server.internal.tb.ConnectCredentials;
import io.tbmock.server.internal.tb.DeviceChannel;
import io.tbmock.server.internal.tb.SubscriptionRules;
import io.tbmock.server.internal.tb.UplinkResult;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.EventType;
import io.tbmock.server.internal.tb.JsonWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ThingsBoard's face towards one device connection, in front of Moquette's protocol handler (DESIGN.md).
 *
 * <p>It authenticates the CONNECT itself and answers refusals with ThingsBoard's codes; it answers
 * SUBSCRIBE, UNSUBSCRIBE, PINGREQ and every device PUBLISH itself, in arrival order on the channel's event
 * loop. Moquette sees only a rewritten CONNECT, the device's PUBACKs (for its in-flight tracking) and one
 * hidden SUBSCRIBE to the device's private prefix, whose SUBACK is swallowed here; the device's CONNACK
 * is sent once that subscription is in place. Outbound PUBLISHes
 * arrive from Moquette addressed to {@code d/<deviceId>/<topic>} and leave with the prefix stripped.
 *
 * <p>Buffers: inbound PUBLISHes are consumed and released here; what is forwarded to Moquette is released
 * by Moquette.
 */
final class DeviceFrontHandler extends ChannelDuplexHandler {
    static final String NAME = "deviceFront";

    private static final Logger LOG = LoggerFactory.getLogger(DeviceFrontHandler.class);
    /** Packet id of the hidden SUBSCRIBE; id 0 makes Moquette throw. */
    private static final int HIDDEN_SUBSCRIBE_ID = 65535;
    /** The username or client id that makes a session provision-only. */
    private static final String PROVISION = "provision";
    /** ThingsBoard's {@code msg_queue_size_per_device_limit} for packets pipelined behind CONNECT. */
    private static final int MAX_HELD_PACKETS = 100;

    private enum Phase { AWAITING_CONNECT, CONNECTING, READY, CLOSED }

    private final FrontServices services;
    private final ArrayDeque<MqttMessage> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.AWAITING_CONNECT;
    private MqttConnectMessage connect;
    private DeviceSession session;
    private String privatePrefix;
    private String engineNonce;
    private boolean hiddenSubscribePending;
    private String closeReason;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    DeviceFrontHandler(FrontServices services) {
        this.services = services;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object raw) {
        MqttMessage msg = (MqttMessage) raw;
        if (msg.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            onMalformedPacket(msg.decoderResult().cause());
            return;
        }
        switch (phase) {
            case AWAITING_CONNECT:
                if (msg instanceof MqttConnectMessage c) {
                    onConnect(c);
                } else {
                    ReferenceCountUtil.release(msg);
                    closeBecause("the first packet must be CONNECT, got " + msg.fixedHeader().messageType());
                }
                break;
            case CONNECTING:
                if (held.size() >= MAX_HELD_PACKETS) {
                    ReferenceCountUtil.release(msg);
                    closeBecause("more than " + MAX_HELD_PACKETS + " packets arrived before the session was ready");
                } else {
                    held.add(msg);
                }
                break;
            case READY:
                dispatch(msg);
                break;
            default:
                ReferenceCountUtil.release(msg);
        }
    }

    // --- CONNECT -----------------------------------------------------------------------------------------

    private void onConnect(MqttConnectMessage c) {
        connect = c;
        String clientId = c.payload().clientIdentifier();
        int version = c.variableHeader().version();
        if (version == MqttVersion.MQTT_5.protocolLevel()) {
            refuse(clientId, MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION.byteValue(),
                "MQTT 5 is not supported by this tbmock version yet");
            return;
        }
        String username = c.variableHeader().hasUserName() ? c.payload().userName() : null;
        if (PROVISION.equals(username) || PROVISION.equals(clientId)) {
            becomeProvisionSession(c);
            return;
        }
        X509Certificate clientCertificate = clientCertificate();
        AuthResult auth;
        if (clientCertificate != null) {
            // A client certificate decides alone; username and password are ignored (spec §2.1).
            auth = services.credentials().resolve(clientCertificate, services.clock().getAsLong());
        } else {
            String password = c.variableHeader().hasPassword()
                ? new String(c.payload().passwordInBytes(), StandardCharsets.UTF_8) : null;
            auth = services.credentials().resolve(new ConnectCredentials(clientId, username, password));
        }
        if (!auth.isAccepted()) {
            refuse(clientId, auth.refusal().mqtt3Code(), auth.reason());
            return;
        }
        session = new DeviceSession(auth.device(), clientId, version, services.clock().getAsLong(),
            new ConnectionChannel(auth.device().id()));
        privatePrefix = MqttEngine.privatePrefix(auth.device().id());
        DeviceSession displaced = services.sessions().open(session);
        if (displaced != null) {
            displaced.close("taken over by a newer session of the same device");
        }
        phase = Phase.CONNECTING;
        engineNonce = services.engine().awaitConnect(() -> ctx.executor().execute(this::subscribePrivatePrefix));
        ctx.fireChannelRead(MqttPackets.engineConnect(c, auth.device().id(), engineNonce));
    }

    /**
     * Hands the connection to a provision-only session (spec §2.1: checked before any credential): it has no
     * device, so no engine session, and ThingsBoard never closes it for inactivity.
     */
    private void becomeProvisionSession(MqttConnectMessage c) {
        phase = Phase.CLOSED;
        String description = describeConnect(c);
        ProvisionFrontHandler provision = new ProvisionFrontHandler(services, c);
        ctx.pipeline().remove(MqttChannelInitializer.ENGINE);
        ctx.pipeline().remove(MqttChannelInitializer.INACTIVITY);
        ctx.pipeline().replace(this, ProvisionFrontHandler.NAME, provision);
        provision.accept(c, description);
    }

    /** The leaf certificate the client presented in the TLS handshake, or null (plain MQTT, or none sent). */
    private X509Certificate clientCertificate() {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException noCertificate) {
            return null;
        }
    }

    private void refuse(String clientId, int code, String reason) {
        phase = Phase.CLOSED;
        String error = reason + " (CONNACK " + code + ")";
        services.journal().append(null, clientId, Direction.IN, EventType.CONNECT_REJECTED, null,
            describeConnect(connect), error);
        closeReason = error;
        ctx.writeAndFlush(MqttPackets.connAck(code, !connect.variableHeader().isCleanSession()))
            .addListener(written -> ctx.close());
    }

    /** Runs once Moquette has connected the session: subscribe it to the device's private prefix. */
    private void subscribePrivatePrefix() {
        if (phase != Phase.CONNECTING) {
            return;
        }
        hiddenSubscribePending = true;
        ctx.fireChannelRead(MqttPackets.subscribe(HIDDEN_SUBSCRIBE_ID, privatePrefix + "#", MqttQoS.AT_LEAST_ONCE));
    }

    /**
     * The hidden subscription is in place, so the device can receive: only now does it get its CONNACK, and
     * what it pipelined behind CONNECT is handled. A device that holds a CONNACK is therefore always
     * reachable, and a test that saw the CONNECT event can talk to it at once.
     */
    private void onReady() {
        phase = Phase.READY;
        // ThingsBoard never resends unacknowledged QoS 1 messages; Moquette's resender would.
        if (ctx.pipeline().get("inflightResender") != null) {
            ctx.pipeline().remove("inflightResender");
        }
        session.markReady();
        services.journal().append(session.device().name(), session.clientId(), Direction.IN, EventType.CONNECT,
            null, describeConnect(connect), null);
        // ThingsBoard sets sessionPresent to !cleanSession, yet keeps no subscriptions (spec §1.8).
        ctx.writeAndFlush(MqttPackets.connAck(0, !connect.variableHeader().isCleanSession()));
        while (phase == Phase.READY && !held.isEmpty()) {
            dispatch(held.poll());
        }
    }

    // --- packets of a ready session ---------------------------------------------------------------------

    private void dispatch(MqttMessage msg) {
        switch (msg.fixedHeader().messageType()) {
            case PUBLISH:
                onPublish((MqttPublishMessage) msg);
                return;
            case PUBACK:
                session.acknowledged(((MqttPubAckMessage) msg).variableHeader().messageId());
                ctx.fireChannelRead(msg); // Moquette's in-flight tracking of what it sent
                return;
            case SUBSCRIBE:
                onSubscribe((MqttSubscribeMessage) msg);
                break;
            case UNSUBSCRIBE:
                onUnsubscribe((MqttUnsubscribeMessage) msg);
                break;
            case PINGREQ:
                ctx.writeAndFlush(MqttPackets.PINGRESP);
                break;
            case DISCONNECT:
                closeBecause("the device sent DISCONNECT");
                break;
            case PUBREC:
            case PUBREL:
            case PUBCOMP:
                break; // QoS 2 is answered with PUBACK; ThingsBoard ignores the rest of the QoS 2 flow
            case CONNECT:
                closeBecause("a second CONNECT on the same connection");
                break;
            default:
                closeBecause("unexpected " + msg.fixedHeader().messageType() + " from a client");
        }
        ReferenceCountUtil.release(msg);
    }

    private void onPublish(MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        int packetId = publish.variableHeader().packetId();
        byte[] payload;
        try {
            payload = ByteBufUtil.getBytes(publish.content());
        } finally {
            publish.release();
        }
        UplinkResult result = services.uplink().process(session, topic, payload);
        switch (result.action()) {
            case ACK:
                if (packetId > 0) { // QoS 0 has no packet id; QoS 2 is answered with PUBACK too
                    ctx.writeAndFlush(MqttPackets.pubAck(packetId));
                }
                break;
            case CLOSE:
                closeBecause(result.reason());
                break;
            default:
                break;
        }
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        boolean rpcRegistered = false;
        List<Integer> codes = new ArrayList<>();
        for (MqttTopicSubscription requested : subscribe.payload().topicSubscriptions()) {
            String filter = requested.topicFilter();
            int granted = SubscriptionRules.grant(filter, requested.qualityOfService().value());
            codes.add(granted);
            if (granted == SubscriptionRules.FAILURE) {
                journal(EventType.REJECTED, filter, null,
                    "topic filter not accepted by ThingsBoard (SUBACK 0x80); only its exact filters are");
            } else {
                session.subscribe(filter, granted);
                journal(EventType.SUBSCRIBE, filter, JsonWriter.object(json -> json.field("qos", granted)), null);
                rpcRegistered |= SubscriptionRules.effect(filter) == SubscriptionRules.Effect.RPC_REQUESTS;
            }
        }
        ctx.writeAndFlush(MqttPackets.subAck(subscribe.variableHeader().messageId(), codes));
        if (rpcRegistered) {
            services.rpc().subscribed(session); // pending RPCs follow the SUBACK
        }
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
        for (String filter : unsubscribe.payload().topics()) {
            boolean existed = session.unsubscribe(filter);
            journal(EventType.UNSUBSCRIBE, filter, null, existed ? null : "no such subscription");
        }
        ctx.writeAndFlush(MqttPackets.unsubAck(unsubscribe.variableHeader().messageId()));
    }

    // --- outbound ---------------------------------------------------------------------------------------

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof MqttPublishMessage publish) {
            writeToDevice(publish, promise);
        } else if (msg instanceof MqttSubAckMessage subAck && hiddenSubscribePending
            && subAck.variableHeader().messageId() == HIDDEN_SUBSCRIBE_ID) {
            hiddenSubscribePending = false; // the device never asked for this SUBACK: swallow it
            promise.setSuccess();
            onReady();
        } else if (msg instanceof MqttConnAckMessage connAck && phase == Phase.CONNECTING) {
            if (connAck.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                // Held back until the session is ready (see onReady); completing the write lets Moquette
                // mark its session connected, which must happen before the hidden SUBSCRIBE.
                promise.setSuccess();
            } else {
                ctx.write(MqttPackets.connAck(connAck.variableHeader().connectReturnCode().byteValue(),
                    !connect.variableHeader().isCleanSession()), promise);
            }
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeToDevice(MqttPublishMessage publish, ChannelPromise promise) {
        String topic = publish.variableHeader().topicName();
        if (privatePrefix == null || !topic.startsWith(privatePrefix)) {
            // Cannot happen by construction; if it ever did, the device must not see it.
            LOG.error("Dropped an outbound message to {} on a connection it is not addressed to", topic);
            publish.release();
            promise.setSuccess();
            return;
        }
        String deviceTopic = topic.substring(privatePrefix.length());
        int packetId = publish.variableHeader().packetId();
        ctx.write(new MqttPublishMessage(publish.fixedHeader(), new MqttPublishVariableHeader(deviceTopic, packetId),
            publish.payload()), promise);
        session.written(deviceTopic, packetId, publish.fixedHeader().qosLevel().value());
    }

    // --- closing ----------------------------------------------------------------------------------------

    private void onMalformedPacket(Throwable cause) {
        String reason = "malformed MQTT packet (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
            + "); ThingsBoard closes the connection";
        String device = session == null ? null : session.device().name();
        String clientId = session == null ? null : session.clientId();
        services.journal().append(device, clientId, Direction.IN, EventType.REJECTED, null, null, reason);
        closeBecause(reason);
    }

    private void closeBecause(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            onFailedHandshake(handshake.cause());
        } else if (event instanceof IdleStateEvent) {
            closeBecause("no packet from the device for the inactivity timeout (ThingsBoard closes idle sessions)");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    /** A client that cannot complete TLS (no TLS at all, a broken chain, …) is refused before any MQTT. */
    private void onFailedHandshake(Throwable cause) {
        String reason = "TLS handshake failed: " + describe(cause);
        LOG.info("{} from {}", reason, ctx.channel().remoteAddress());
        services.journal().append(null, null, Direction.IN, EventType.CONNECT_REJECTED, null, null, reason);
        phase = Phase.CLOSED;
        closeBecause(reason);
    }

    /** The most telling message of a handshake failure: a certificate problem if there is one, else the root. */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException) {
                return t.getMessage();
            }
            root = t;
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof SSLException
            || cause instanceof NotSslRecordException) {
            LOG.debug("Connection error on {}", ctx.channel(), cause);
        } else {
            LOG.warn("Unexpected error on {}", ctx.channel(), cause);
        }
        closeBecause("connection error: " + cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.CLOSED;
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        if (engineNonce != null) {
            services.engine().forget(engineNonce);
        }
        if (session != null) {
            services.sessions().remove(session);
            if (session.ready()) {
                journal(EventType.DISCONNECT, null, null, closeReason == null ? "connection lost" : closeReason);
            }
        }
        ctx.fireChannelInactive();
        closed.complete(null);
    }

    /** How the rules reach this connection: sends go through the engine, closing happens on the event loop. */
    private final class ConnectionChannel implements DeviceChannel {
        private final String deviceId;

        ConnectionChannel(String deviceId) {
            this.deviceId = deviceId;
        }

        @Override
        public boolean send(String topic, int qos, byte[] payload) {
            return services.engine().publish(deviceId, topic, qos, payload);
        }

        @Override
        public CompletableFuture<Void> close(String reason) {
            ctx.executor().execute(() -> closeBecause(reason));
            return closed;
        }
    }

    private void journal(EventType type, String topic, String payload, String error) {
        services.journal().append(session.device().name(), session.clientId(), Direction.IN, type, topic, payload,
            error);
    }

    /** The negotiated TLS version ({@code TLSv1.3}), or null on plain MQTT. */
    private String tlsProtocol() {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        return ssl == null ? null : ssl.engine().getSession().getProtocol();
    }

    /** The CONNECT as the journal shows it, with how the connection is secured. */
    private String describeConnect(MqttConnectMessage c) {
        X509Certificate certificate = clientCertificate();
        return JsonWriter.object(json -> json.field("clientId", c.payload().clientIdentifier())
            .field("username", c.variableHeader().hasUserName() ? c.payload().userName() : null)
            .field("protocolLevel", c.variableHeader().version())
            .field("keepAlive", c.variableHeader().keepAliveTimeSeconds())
            .field("cleanSession", c.variableHeader().isCleanSession())
            .field("tls", tlsProtocol())
            .field("clientCertificate", certificate == null ? null : certificate.getSubjectX500Principal().getName()));
    }
}
