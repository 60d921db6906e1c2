package io.tbmock.admin.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;

/** The admin pipeline: {@code HttpServerCodec → aggregator (413 as JSON) → AdminHttpHandler}. */
public final class AdminHttpInitializer extends ChannelInitializer<SocketChannel> {
    /** Firmware packages are uploaded as request bodies. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final AdminHttpHandler handler;

    public AdminHttpInitializer(AdminHttpHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline()
            .addLast("http", new HttpServerCodec())
            .addLast("aggregator", new JsonErrorAggregator(MAX_BODY_BYTES))
            .addLast(AdminHttpHandler.NAME, handler);
    }

    /** Netty's aggregator, answering an oversized body with the contract's JSON error. */
    private static final class JsonErrorAggregator extends HttpObjectAggregator {
        JsonErrorAggregator(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.writeAndFlush(AdminHttpHandler.toHttp(new ApiError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "the request body is larger than " + MAX_BODY_BYTES + " bytes")))
                .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
