package io.tbmock.server.internal.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.SocketUtils;

import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * A device connection that the engine always finds writable, and that knows when the device last sent anything.
 *
 * <p>Moquette checks a connection's writability twice before it writes a message: to decide whether to queue
 * it, then to write it or drop it. The event loop turns the connection unwritable between the two whenever the
 * write before lands, and the QoS 1 message was dropped, yet held in flight: the device never got it, and
 * everything after it came through. tbmock bounds what a connection holds itself ({@code DeviceSession}'s
 * backlog, QoS 0 not sent while the send buffer is full, {@link FrontStage#channelWritabilityChanged}), with
 * {@link #sendBufferHasRoom(Channel)}; Moquette's own bound is its window of 10 unacknowledged messages.
 *
 * <p>The time of the last read is kept here, not in a handler with a timer of its own, so that the inactivity
 * timeout ({@link InactivitySweep}) costs an idle connection one field.
 */
final class DeviceSocketChannel extends NioSocketChannel {
    /** When bytes last came from the device ({@link System#nanoTime()}): what {@link InactivitySweep} reads. */
    private volatile long lastReadNanos = System.nanoTime();
    /** False for a provision session, which ThingsBoard never closes for inactivity. */
    private volatile boolean watchedForInactivity = true;

    private DeviceSocketChannel(Channel parent, SocketChannel socket) {
        super(parent, socket);
    }

    @Override
    protected int doReadBytes(ByteBuf buffer) throws Exception {
        int read = super.doReadBytes(buffer);
        if (read > 0) {
            lastReadNanos = System.nanoTime();
        }
        return read;
    }

    /** Nanoseconds since the device last sent anything, or -1 when its connection is not watched for that. */
    long silentNanos(long now) {
        return watchedForInactivity ? now - lastReadNanos : -1;
    }

    /** The connection is no longer closed for inactivity (it became a provision session). */
    static void unwatch(Channel channel) {
        if (channel instanceof DeviceSocketChannel device) {
            device.watchedForInactivity = false;
        }
    }

    /** What the engine asks: always yes (see the class comment). */
    @Override
    public boolean isWritable() {
        return true;
    }

    /** Whether the connection's send buffer is below its high-water mark: what {@code isWritable()} means in Netty. */
    static boolean sendBufferHasRoom(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer != null && buffer.isWritable();
    }

    /** The listening socket whose accepted connections are {@link DeviceSocketChannel}s. */
    static final class Server extends NioServerSocketChannel {
        @Override
        protected int doReadMessages(List<Object> accepted) throws Exception {
            SocketChannel socket = SocketUtils.accept(javaChannel());
            if (socket == null) {
                return 0;
            }
            try {
                accepted.add(new DeviceSocketChannel(this, socket));
                return 1;
            } catch (RuntimeException cannotConfigure) {
                socket.close(); // as Netty's own server channel does, rather than leak the socket
                throw cannotConfigure;
            }
        }
    }
}
