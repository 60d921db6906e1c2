package io.tbmock.admin.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.tbmock.admin.internal.devicehttp.PayloadSizeLimit;

/**
 * The HTTP pipeline: {@code [tls →] HttpServerCodec → [access →] device API size limit → aggregator (413 as
 * JSON) → [WebSocket upgrade →] AdminHttpHandler}.
 */
public final class AdminHttpInitializer extends ChannelInitializer<SocketChannel> {
    /** Firmware packages are uploaded as request bodies. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final AdminHttpHandler handler;
    private final AdminAccess access;
    private final SslContext tls;
    private final String webSocketName;
    private final ChannelHandler webSocket;

    /**
     * @param tls       the context to serve HTTPS with, or null for plain HTTP
     * @param webSocket a sharable handler that upgrades the requests it wants to WebSocket, passing others on
     */
    public AdminHttpInitializer(AdminHttpHandler handler, AdminAccess access, SslContext tls, String webSocketName,
                                ChannelHandler webSocket) {
        this.handler = handler;
        this.access = access;
        this.tls = tls;
        this.webSocketName = webSocketName;
        this.webSocket = webSocket;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (tls != null) {
            channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
        }
        channel.pipeline().addLast("http", new HttpServerCodec());
        if (!access.open()) {
            channel.pipeline().addLast("access", new AccessCheck(access));
        }
        channel.pipeline()
            .addLast("deviceApiSizeLimit", new PayloadSizeLimit())
            .addLast("aggregator", new JsonErrorAggregator(MAX_BODY_BYTES))
            .addLast(webSocketName, webSocket)
            .addLast(AdminHttpHandler.NAME, handler);
    }

    /**
     * Refuses a call without the admin token as soon as its head arrives, before any body is read (or a
     * {@code 100 Continue} invites one): an unauthenticated caller cannot make the server hold 64 MiB. The
     * connection closes after the 401, so what follows of the request is dropped unread.
     */
    private static final class AccessCheck extends ChannelInboundHandlerAdapter {
        private final AdminAccess access;
        private boolean refused;

        AccessCheck(AdminAccess access) {
            this.access = access;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!refused && msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                ApiError refusal = access.refusal(request);
                if (refusal != null) {
                    refused = true;
                    FullHttpResponse answer = AdminHttpHandler.toHttp(refusal);
                    HttpUtil.setKeepAlive(answer, false);
                    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
                }
            }
            if (refused) {
                ReferenceCountUtil.release(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
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
