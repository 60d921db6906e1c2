package io.tbmock.server.internal.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.FaultService;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.internal.tb.SessionListener;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.NewFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A connection until its session is ready: the TLS handshake's outcome, the CONNECT, the session kind
 * (provision-only or a device), authentication and ThingsBoard's refusals (docs/thingsboard-mqtt.md §2), and the hidden
 * subscription handshake with the engine. Then it hands the connection to its session stage and leaves the
 * pipeline.
 *
 * <p>The engine sees a rewritten CONNECT and one hidden SUBSCRIBE to the device's private filter, whose
 * SUBACK is swallowed here; the device's CONNACK is held until that subscription is in place, so a device
 * that holds a CONNACK is always reachable and a test that saw its CONNECT event can talk to it at once.
 * Packets the device pipelines behind CONNECT are held and handed to the session stage in order.
 */
final class ConnectStage extends FrontStage {
    static final String NAME = "connect";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectStage.class);
    /** Packet id of the hidden SUBSCRIBE; id 0 makes Moquette throw. */
    private static final int HIDDEN_SUBSCRIBE_ID = 65535;
    /** The username or client id that makes a session provision-only. */
    private static final String PROVISION = "provision";
    /** ThingsBoard's {@code msg_queue_size_per_device_limit} for packets pipelined behind CONNECT. */
    private static final int MAX_HELD_PACKETS = 100;
    /** What Moquette adds to a connection once it has opened the engine session, and tbmock does without. */
    private static final List<String> MOQUETTE_HANDLERS_UNUSED = List.of("inflightResender", "idleStateHandler");

    private enum Phase { AWAITING_CONNECT, CONNECTING, DONE }

    private final ArrayDeque<MqttMessage> held = new ArrayDeque<>();
    private Phase phase = Phase.AWAITING_CONNECT;
    private MqttConnectMessage connect;
    private DeviceSession session;
    private String engineNonce;
    private boolean hiddenSubscribePending;

    ConnectStage(FrontServices services) {
        super(services);
    }

    @Override
    protected String deviceName() {
        return session == null ? null : session.device().name();
    }

    @Override
    protected String clientId() {
        return connect == null ? null : connect.payload().clientIdentifier();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object raw) {
        MqttMessage msg = (MqttMessage) raw;
        if (Closing.begun(ctx.channel()) || !ctx.channel().isActive()) {
            // A CONNECT behind the packet that closed the connection, or decoded from the last bytes of one
            // already gone, is not a session: it would displace the device's live one.
            ReferenceCountUtil.release(msg);
            return;
        }
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
                    closeBecause("the first packet must be CONNECT, got " + msg.fixedHeader().messageType(),
                        ReasonCode.NONE);
                }
                break;
            case CONNECTING:
                if (held.size() >= MAX_HELD_PACKETS) {
                    ReferenceCountUtil.release(msg);
                    closeBecause("more than " + MAX_HELD_PACKETS + " packets arrived before the session was ready",
                        ReasonCode.QUOTA_EXCEEDED);
                } else {
                    held.add(msg);
                }
                break;
            default:
                ReferenceCountUtil.release(msg);
        }
    }

    private void onConnect(MqttConnectMessage c) {
        connect = c;
        String clientId = c.payload().clientIdentifier();
        int version = c.variableHeader().version();
        if (isMqtt5()) {
            Closing.mqtt5(ctx.channel());
        }
        if (services.faults().down()) { // a RESTART fault: the server is not there to answer yet
            refuse(ConnectRefusal.SERVER_UNAVAILABLE.mqtt3Code(), ConnectRefusal.SERVER_UNAVAILABLE.mqtt5Code(),
                ConnectRefusal.SERVER_UNAVAILABLE.mqtt5Code(), "the server is restarting (a RESTART fault)");
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
            // A client certificate decides alone; username and password are ignored (docs/thingsboard-mqtt.md §2.1).
            auth = services.credentials().resolve(clientCertificate, services.clock().getAsLong());
        } else {
            String password = c.variableHeader().hasPassword()
                ? new String(c.payload().passwordInBytes(), StandardCharsets.UTF_8) : null;
            auth = services.credentials().resolve(new ConnectCredentials(clientId, username, password));
        }
        if (!auth.isAccepted()) {
            refuse(auth.refusal(), auth.reason());
            return;
        }
        if (refusedByFault(auth.device().name()) || refusedByRateLimit(auth.device().name())) {
            return;
        }
        String deviceId = auth.device().id();
        session = new DeviceSession(auth.device(), clientId, version, services.clock().getAsLong(),
            new EngineChannel(services.engine(), deviceId, ctx.channel()), services.downlinks(), services.profiles());
        SessionListener displaced = services.sessions().open(session);
        phase = Phase.CONNECTING;
        if (displaced == null) {
            connectEngine();
        } else {
            // The older session gets its DISCONNECT 0x8E and is gone before the engine sees this one, which
            // would otherwise drop the older connection itself, without the DISCONNECT.
            displaced.close("taken over by a newer session of the same device", ReasonCode.SESSION_TAKEN_OVER)
                .whenComplete((closed, failure) -> ctx.executor().execute(this::connectEngine));
        }
    }

    private void connectEngine() {
        if (phase != Phase.CONNECTING || !ctx.channel().isActive() || Closing.begun(ctx.channel())) {
            // The connection closed, or began to, while an older session was let go: an engine CONNECT now
            // would take the engine session over from the device's next connection.
            return;
        }
        engineNonce = services.engine().awaitConnect(() -> ctx.executor().execute(this::subscribePrivateFilter));
        ctx.fireChannelRead(MqttPackets.engineConnect(connect, session.device().id(), engineNonce));
    }

    private boolean isMqtt5() {
        return connect.variableHeader().version() == MqttVersion.MQTT_5.protocolLevel();
    }

    /**
     * Hands the connection to a provision-only session (docs/thingsboard-mqtt.md §2.1: checked before any credential): it has no
     * device, so no engine session, and ThingsBoard never closes it for inactivity.
     */
    private void becomeProvisionSession(MqttConnectMessage c) {
        phase = Phase.DONE;
        String description = describeConnect(c);
        ProvisionSessionStage provision = new ProvisionSessionStage(services, c);
        ctx.pipeline().remove(MqttChannelInitializer.ENGINE);
        DeviceSocketChannel.unwatch(ctx.channel());
        ctx.pipeline().replace(this, ProvisionSessionStage.NAME, provision);
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

    /**
     * The CONNACK with the refusal's code for the session's version and session present 0, then the close:
     * an MQTT 5 one after a DISCONNECT repeating the code, as ThingsBoard sends (docs/thingsboard-mqtt.md §2.4). ThingsBoard
     * copies !cleanSession into a refusal too; MQTT 5 forbids that, and tbmock says 0 for 3.x as well.
     */
    private void refuse(ConnectRefusal refusal, String reason) {
        refuse(refusal.mqtt3Code(), refusal.mqtt5Code(), refusal.disconnectCode(), reason);
    }

    /** CONNACK with the code of the session's protocol, then the close (MQTT 5: DISCONNECT {@code disconnectCode}). */
    private void refuse(int mqtt3Code, int mqtt5Code, int disconnectCode, String reason) {
        phase = Phase.DONE;
        int code = isMqtt5() ? mqtt5Code : mqtt3Code;
        String error = reason + " (CONNACK " + ReasonCode.hex(code) + ")";
        journal(Direction.IN, EventType.CONNECT_REJECTED, null, describeConnect(connect), error);
        ctx.writeAndFlush(MqttPackets.connAck(code, false)).addListener(written -> closeBecause(error, disconnectCode));
    }

    /**
     * A REFUSE_CONNECT fault for the device (docs/faults.md): CONNACK with its code (the 3.x one ThingsBoard maps it
     * to), then for MQTT 5 the DISCONNECT ThingsBoard follows it with (0x96 after a refused rate, else the same code).
     *
     * @return whether the CONNECT was refused
     */
    private boolean refusedByFault(String device) {
        NewFault fault = services.faults().fire(FaultKind.REFUSE_CONNECT, device, Event.MQTT, null, "refused the CONNECT");
        if (fault == null) {
            return false;
        }
        int code = fault.reasonCode();
        refuse(FaultService.connack3x(code), code, code == ReasonCode.CONNECTION_RATE_EXCEEDED
            ? ReasonCode.MESSAGE_RATE_TOO_HIGH : code, "refused by a REFUSE_CONNECT fault");
        return true;
    }

    /**
     * A CONNECT draws on the device's message limit (a RATE_LIMIT fault): refused, ThingsBoard answers CONNACK 3 /
     * 0x9F (connection rate exceeded), then DISCONNECT 0x96.
     *
     * @return whether the CONNECT was refused
     */
    private boolean refusedByRateLimit(String device) {
        if (services.faults().admit(device, Event.MQTT, false, null, null, "refused the CONNECT: the message rate limit") == null) {
            return false;
        }
        refuse(ConnectRefusal.SERVER_UNAVAILABLE.mqtt3Code(), ReasonCode.CONNECTION_RATE_EXCEEDED,
            ReasonCode.MESSAGE_RATE_TOO_HIGH, "refused by ThingsBoard's rate limit (a RATE_LIMIT fault)");
        return true;
    }

    /** Runs once the engine has connected the session: subscribe it to the device's private filter. */
    private void subscribePrivateFilter() {
        if (phase != Phase.CONNECTING) {
            return;
        }
        hiddenSubscribePending = true;
        ctx.fireChannelRead(MqttPackets.subscribe(HIDDEN_SUBSCRIBE_ID, MqttEngine.privateFilter(session.device().id()),
            MqttQoS.AT_LEAST_ONCE));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof MqttSubAckMessage subAck && hiddenSubscribePending
            && subAck.variableHeader().messageId() == HIDDEN_SUBSCRIBE_ID) {
            hiddenSubscribePending = false; // the device never asked for this SUBACK: swallow it
            promise.setSuccess();
            onReady();
        } else if (msg instanceof MqttConnAckMessage connAck && phase == Phase.CONNECTING) {
            if (connAck.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                // Held back until the session is ready (see onReady); completing the write lets the engine
                // mark its session connected, which must happen before the hidden SUBSCRIBE.
                promise.setSuccess();
            } else {
                promise.setSuccess(); // the engine could not open the session: ThingsBoard's "server unavailable"
                refuse(ConnectRefusal.SERVER_UNAVAILABLE, "the session could not be opened (engine refused it with "
                    + connAck.variableHeader().connectReturnCode() + ")");
            }
        } else {
            ctx.write(msg, promise);
        }
    }

    /**
     * The hidden subscription is in place, so the device can receive: only now does it get its CONNACK; then
     * the session stage takes the connection over, with what the device pipelined behind CONNECT.
     */
    private void onReady() {
        phase = Phase.DONE;
        if (session.device().removed()) {
            // Deleted, or reset away, while its session was being opened: it never was connected.
            services.sessions().remove(session);
            closeBecause("the device was deleted while it connected", ReasonCode.NONE);
            return;
        }
        // ThingsBoard never resends unacknowledged QoS 1 messages; Moquette's resender would. Nor does it enforce the
        // keep-alive (InactivitySweep does what it does instead): Moquette's idle timer only fires events no handler
        // in this pipeline acts on, and costs every session a handler and a timer.
        for (String engineHandler : MOQUETTE_HANDLERS_UNUSED) {
            if (ctx.pipeline().get(engineHandler) != null) {
                ctx.pipeline().remove(engineHandler);
            }
        }
        session.markReady();
        services.states().connected(session.device()); // first: whoever sees the CONNECT sees the device active
        journal(Direction.IN, EventType.CONNECT, null, describeConnect(connect), null);
        // ThingsBoard sets sessionPresent to !cleanSession, yet keeps no subscriptions (docs/thingsboard-mqtt.md §1.8).
        ctx.writeAndFlush(MqttPackets.connAck(0, !connect.variableHeader().isCleanSession()));
        ctx.pipeline().replace(this, DeviceSessionStage.NAME, new DeviceSessionStage(services, session));
        services.faults().ready(session); // after the CONNACK: a stall or a timed close bites the session
        // This context now leads to the session stage.
        while (!held.isEmpty()) {
            MqttMessage next = held.poll();
            if (ctx.channel().isActive()) {
                ctx.fireChannelRead(next);
            } else {
                ReferenceCountUtil.release(next);
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            onFailedHandshake(handshake.cause());
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    /** A client that cannot complete TLS (no TLS at all, a broken chain, …) is refused before any MQTT. */
    private void onFailedHandshake(Throwable cause) {
        String reason = "TLS handshake failed: " + TlsFailures.explain(cause);
        LOG.info("{} from {}", reason, ctx.channel().remoteAddress());
        LOG.debug("TLS handshake failure from {}", ctx.channel().remoteAddress(), cause);
        journal(Direction.IN, EventType.CONNECT_REJECTED, null, null, reason);
        phase = Phase.DONE;
        closeBecause(reason, ReasonCode.NONE);
    }

    /** The connection closed before its session was ready: nothing of it remains. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        phase = Phase.DONE;
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        if (engineNonce != null) {
            services.engine().forget(engineNonce);
        }
        if (session != null) {
            services.sessions().remove(session);
            session.markClosed(services.sessions());
        }
        ctx.fireChannelInactive();
    }

    /** The CONNECT as the journal shows it, with how the connection is secured. */
    private String describeConnect(MqttConnectMessage c) {
        X509Certificate certificate = clientCertificate();
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        return JsonWriter.object(json -> {
            json.field("clientId", c.payload().clientIdentifier())
                .field("username", c.variableHeader().hasUserName() ? c.payload().userName() : null)
                .field("protocolLevel", c.variableHeader().version())
                .field("keepAlive", c.variableHeader().keepAliveTimeSeconds())
                .field("cleanSession", c.variableHeader().isCleanSession());
            ConnectProperties.write(json, c.variableHeader().properties());
            json.field("tls", ssl == null ? null : ssl.engine().getSession().getProtocol())
                .field("clientCertificate", certificate == null ? null : certificate.getSubjectX500Principal().getName());
        });
    }
}
