package io.tbmock.admin.internal.devicehttp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * ThingsBoard's payload size filter on the device API ({@code transport.http.max_payload_size}): by the
 * {@code Content-Length} header alone (a chunked request passes), 64 KiB for {@code /api/v1/*}{@code /rpc/**}, 50 MiB
 * for the rest of {@code /api/v1/**}; over it, 413 with the JSON string {@code "Payload size exceeds the limit of N
 * bytes"} and no Content-Type, before the token is looked at. The refused body is read and dropped, so the
 * connection stays usable; a client that waits for {@code 100 Continue} gets the 413 at once instead.
 * One instance per connection.
 */
public final class PayloadSizeLimit extends ChannelInboundHandlerAdapter {
    static final long RPC_LIMIT = 65_536;
    static final long DEFAULT_LIMIT = 52_428_800;
    private static final String DEVICE_API = "/api/v1/";

    /** Reading the body of a refused request, to drop it. */
    private boolean discarding;
    /** The 413 to write once that body is read. */
    private FullHttpResponse pending;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()
            && request.uri().startsWith(DEVICE_API)) {
            long limit = limit(new QueryStringDecoder(request.uri()).rawPath());
            long length = HttpUtil.getContentLength(request, -1L);
            if (limit > 0 && length > limit) {
                FullHttpResponse answer = tooLarge(limit);
                if (HttpUtil.is100ContinueExpected(request)) {
                    ReferenceCountUtil.release(msg);
                    HttpUtil.setKeepAlive(answer, false);
                    ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
                    discarding = true;
                    return;
                }
                HttpUtil.setKeepAlive(answer, HttpUtil.isKeepAlive(request));
                pending = answer;
                discarding = true;
                if (msg instanceof LastHttpContent) {
                    finish(ctx);
                }
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (discarding && msg instanceof HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                finish(ctx);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void finish(ChannelHandlerContext ctx) {
        discarding = false;
        FullHttpResponse answer = pending;
        pending = null;
        if (answer != null) {
            boolean keep = HttpUtil.isKeepAlive(answer);
            ChannelFuture written = ctx.writeAndFlush(answer);
            if (!keep) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** The limit for a path: the first of ThingsBoard's patterns that matches wins; 0 outside the device API. */
    static long limit(String path) {
        if (!path.startsWith(DEVICE_API)) {
            return 0;
        }
        String[] segments = path.split("/", -1); // "", "api", "v1", token, "rpc", …
        return segments.length >= 5 && segments[4].equals("rpc") ? RPC_LIMIT : DEFAULT_LIMIT;
    }

    private static FullHttpResponse tooLarge(long limit) {
        byte[] body = ("\"Payload size exceeds the limit of " + limit + " bytes\"").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
        answer.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return answer;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        ctx.fireChannelInactive();
    }
}
