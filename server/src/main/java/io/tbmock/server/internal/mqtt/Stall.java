package io.tbmock.server.internal.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A half-open link, as a STALL fault makes one (docs/faults.md): the connection is not read, and what the server
 * writes waits at the socket's end of the pipeline, until the stall ends; then the writes go out in order. A
 * connection that closes meanwhile drops them.
 */
final class Stall extends ChannelOutboundHandlerAdapter {
    private static final String NAME = "tbmock-stall";

    private final Queue<Object> held = new ArrayDeque<>();
    private final Queue<ChannelPromise> promises = new ArrayDeque<>();

    /**
     * Stalls the channel for {@code ms}, on its event loop.
     *
     * @return false for a closed channel, or one stalled already (that stall keeps its own end)
     */
    static boolean begin(Channel channel, long ms) {
        if (!channel.isActive() || channel.pipeline().get(NAME) != null) {
            return false;
        }
        channel.config().setAutoRead(false);
        channel.pipeline().addFirst(NAME, new Stall());
        channel.eventLoop().schedule(() -> {
            if (channel.pipeline().get(NAME) != null) {
                channel.pipeline().remove(NAME); // hands the held writes on
                channel.config().setAutoRead(true);
            }
        }, ms, TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        held.add(msg);
        promises.add(promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // nothing leaves while stalled
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            held.forEach(ReferenceCountUtil::release);
            promises.forEach(promise -> promise.tryFailure(new IllegalStateException("the connection closed while stalled")));
            return;
        }
        while (!held.isEmpty()) {
            ctx.write(held.poll(), promises.poll());
        }
        ctx.flush();
    }
}
