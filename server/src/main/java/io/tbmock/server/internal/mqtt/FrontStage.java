package io.tbmock.server.internal.mqtt;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * What every stage of ThingsBoard's front does alike, before and after CONNECT: journal what the device
 * did, refuse a malformed packet, close with a reason, turn an exception into a close, and read the device only
 * while it takes what it is sent.
 */
abstract class FrontStage extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FrontStage.class);

    protected final FrontServices services;
    protected ChannelHandlerContext ctx;

    FrontStage(FrontServices services) {
        this.services = services;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The device's name for the journal, or null when no device is known (yet). */
    protected abstract String deviceName();

    /** The client id the device sent, or null before CONNECT. */
    protected abstract String clientId();

    protected final void journal(Direction direction, EventType type, String topic, String payload, String error) {
        services.journal().append(deviceName(), clientId(), Event.MQTT, direction, type, topic, payload, error);
    }

    /** Closes the connection; an MQTT 5 one after a DISCONNECT with {@code reasonCode} ({@link Closing}). */
    protected final void closeBecause(String reason, int reasonCode) {
        Closing.close(ctx.channel(), reason, reasonCode);
    }

    /**
     * A packet Netty could not decode (over the size limit, a wildcard in a topic, …): ThingsBoard closes,
     * with DISCONNECT 0x81 once the session is known to be MQTT 5.
     */
    protected final void onMalformedPacket(Throwable cause) {
        String reason = cause instanceof TooLongFrameException
            ? "packet over the size limit (" + cause.getMessage() + "): ThingsBoard's max_payload_size, tbmock's "
                + "--max-packet-size, bounds a packet's remaining length; ThingsBoard closes the connection"
            : "malformed MQTT packet (" + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                + "); ThingsBoard closes the connection";
        journal(Direction.IN, EventType.REJECTED, null, null, reason);
        closeBecause(reason, ReasonCode.MALFORMED_PACKET);
    }

    /**
     * Reads the device only while what it is sent leaves: a device that publishes without reading its PUBACKs would
     * otherwise make the server hold every answer it does not take. Once the connection's send buffer passes its
     * high-water mark the server stops reading it (TCP then slows the device down); below the low-water mark it
     * reads again. Nothing is dropped. A device stuck for good is closed by the inactivity timeout, since nothing is
     * read from it. Done here, in every stage, rather than in a handler of its own: a pipeline entry less on every
     * connection (56 bytes an idle session).
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(DeviceSocketChannel.sendBufferHasRoom(ctx.channel()));
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause.getCause() instanceof SSLException
            || cause instanceof NotSslRecordException) {
            LOG.debug("Connection error on {}", ctx.channel(), cause);
        } else {
            LOG.warn("Unexpected error on {}", ctx.channel(), cause);
        }
        // ThingsBoard answers an unexpected exception with DISCONNECT 0x8B (server shutting down).
        closeBecause("connection error: " + cause.getMessage(), ReasonCode.SERVER_SHUTTING_DOWN);
    }
}
