package io.tbmock.admin.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;

/** The admin pipeline: {@code [tls →] HttpServerCodec → aggregator (413 as JSON) → AdminHttpHandler}. */
public final class AdminHttpInitializer extends ChannelInitializer<SocketChannel> {
    /** Firmware packages are uploaded as request bodies. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final AdminHttpHandler handler;
    private final SslContext tls;

    /** @param tls the context to serve HTTPS with, or null for plain HTTP */
    public AdminHttpInitializer(AdminHttpHandler handler, SslContext tls) {
        this.handler = handler;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (tls != null) {
            channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
        }
        channel.pipeline()
            .addLast("http", new HttpServerCodec())
            .addLast("aggregator", new JsonErrorAggregator(MAX_BODY_BYTES))
            .addLast(AdminHttpHandler.NAME, handler);
    }

    /**
     * Netty's aggregator, answering an oversized body with the contract's JSON error: whether the body is
     * refused after it started, or up front when the client asked {@code Expect: 100-continue} (curl does
     * for bodies over 1 KB), where Netty's own answer has no body.
     */
    private static final class JsonErrorAggregator extends HttpObjectAggregator {
        JsonErrorAggregator(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            ctx.writeAndFlush(tooLarge()).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
            if (answer instanceof FullHttpResponse response
                && response.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
                response.release();
                return tooLarge();
            }
            return answer;
        }

        private static FullHttpResponse tooLarge() {
            return AdminHttpHandler.toHttp(new ApiError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "the request body is larger than " + MAX_BODY_BYTES + " bytes (64 MiB), the admin API's limit"));
        }
    }
}
