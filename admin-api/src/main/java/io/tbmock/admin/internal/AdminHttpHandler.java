package io.tbmock.admin.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.tbmock.admin.internal.tbrest.TbError;
import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.ServerStoppedException;
import io.tbmock.server.WaitTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Routes each request to its endpoint and writes the answer when the endpoint's future completes, so a
 * waiting call holds no thread. Every error is {@code {"status":…,"error":"…"}}. A call still waiting when the
 * server stops (a long poll, an RPC's answer) is answered 503 before the connection closes.
 */
@ChannelHandler.Sharable
public final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String NAME = "adminApi";
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);
    private static final String STOPPING = "the tbmock server is stopping";
    /** A Host header that may name the server in an answer: no characters that could break out of a URL. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-:\\[\\]%_]+");

    private final AdminRoutes routes;
    /** Calls not answered yet: each is answered once, by its endpoint or by {@link #answerWaitingCalls}. */
    private final Set<WaitingCall> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    public AdminHttpHandler(AdminRoutes routes) {
        this.routes = routes;
    }

    /** A call in progress, and whether it has been answered. */
    private static final class WaitingCall {
        private final ChannelHandlerContext ctx;
        private final boolean keepAlive;
        private final AtomicBoolean answered = new AtomicBoolean();

        WaitingCall(ChannelHandlerContext ctx, boolean keepAlive) {
            this.ctx = ctx;
            this.keepAlive = keepAlive;
        }

        /** Writes the answer unless one was written already; the write's future, or null. */
        ChannelFuture answer(FullHttpResponse http, boolean close) {
            if (!answered.compareAndSet(false, true)) {
                http.release();
                return null;
            }
            boolean keep = keepAlive && !close;
            HttpUtil.setKeepAlive(http, keep);
            ChannelFuture written = ctx.writeAndFlush(http);
            if (!keep) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
            return written;
        }
    }

    /**
     * The server is stopping: every call still waiting is answered 503 now, and its connection closed.
     *
     * @return completes once those answers are written (or failed to be)
     */
    public CompletableFuture<Void> answerWaitingCalls() {
        stopping = true; // a call that comes meanwhile is answered 503 at once
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (WaitingCall call : List.copyOf(waiting)) {
            ChannelFuture written = call.answer(toHttp(new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, STOPPING)),
                true);
            if (written != null) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                written.addListener(future -> done.complete(null));
                writes.add(done);
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        // A request that is not HTTP/1.x, or not HTTP at all, ends the connection: what follows cannot be trusted.
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess()
            && request.protocolVersion().majorVersion() == 1;
        // Known as waiting before it is dispatched, so a stop that comes while it is handled answers it too.
        WaitingCall waitingCall = new WaitingCall(ctx, keepAlive);
        waiting.add(waitingCall);
        CompletableFuture<ApiResponse> answer;
        try {
            if (stopping) {
                throw new ServerStoppedException(STOPPING);
            }
            answer = dispatch(request, baseUrl(ctx, request));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        String call = request.method() + " " + request.uri();
        answer.whenComplete((response, failure) -> {
            waiting.remove(waitingCall);
            waitingCall.answer(failure == null ? toHttp(response) : toHttp(error(call, failure)), false);
        });
    }

    /** The scheme the connection speaks, and the host and port the caller named (else the address it reached). */
    private static String baseUrl(ChannelHandlerContext ctx, FullHttpRequest request) {
        String scheme = ctx.pipeline().get(SslHandler.class) == null ? "http" : "https";
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank() || !HOST.matcher(host).matches()) {
            InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
            String address = local.getAddress().getHostAddress();
            host = (address.contains(":") ? "[" + address + "]" : address) + ":" + local.getPort();
        }
        return scheme + "://" + host;
    }

    private CompletableFuture<ApiResponse> dispatch(FullHttpRequest request, String baseUrl) {
        if (request.decoderResult().isFailure()) {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "not a valid HTTP request: "
                + request.decoderResult().cause().getMessage());
        }
        if (request.protocolVersion().majorVersion() != 1) {
            throw new ApiError(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, request.protocolVersion()
                + " is not supported: the admin API speaks HTTP/1.1 and HTTP/1.0");
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        boolean pathKnown = false;
        String[] segments = Route.segments(uri.rawPath());
        for (Route route : routes.all()) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(request.method())) {
                byte[] body = ByteBufUtil.getBytes(request.content());
                return route.endpoint().handle(new ApiRequest(params, uri.parameters(), request.headers(), body,
                    baseUrl));
            }
        }
        if (pathKnown) {
            String allowed = routes.all().stream().filter(r -> r.match(segments) != null)
                .map(r -> r.method().name()).collect(Collectors.joining(", "));
            if (uri.rawPath().startsWith("/api/")) { // ThingsBoard's global handler answers it in its own form
                return TbError.json(HttpResponseStatus.METHOD_NOT_ALLOWED, TbError.BAD_REQUEST_PARAMS,
                        "Request method '" + request.method() + "' is not supported").response()
                    .withHeader(HttpHeaderNames.ALLOW, allowed).done();
            }
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED,
                request.method() + " is not allowed on " + uri.path() + "; use " + allowed)
                .withHeader(HttpHeaderNames.ALLOW, allowed);
        }
        if (uri.rawPath().startsWith("/api/")) {
            throw new ApiError(HttpResponseStatus.NOT_FOUND, "no ThingsBoard REST endpoint " + request.method() + " "
                + uri.rawPath() + " in tbmock, which serves the part device tests use (docs/thingsboard-rest.md)");
        }
        throw new ApiError(HttpResponseStatus.NOT_FOUND, "no admin endpoint " + request.method() + " " + uri.path());
    }

    private static ApiError error(String call, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ApiError apiError) {
            return apiError;
        }
        if (cause instanceof InvalidRequestException) {
            return new ApiError(HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        }
        if (cause instanceof NotFoundException) {
            return new ApiError(HttpResponseStatus.NOT_FOUND, cause.getMessage());
        }
        if (cause instanceof ConflictException) {
            return new ApiError(HttpResponseStatus.CONFLICT, cause.getMessage());
        }
        if (cause instanceof WaitTimeoutException) {
            return new ApiError(HttpResponseStatus.GATEWAY_TIMEOUT, cause.getMessage());
        }
        if (cause instanceof ServerStoppedException) { // under a waiting call (a long poll): nobody's fault
            return new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, cause.getMessage());
        }
        LOG.error("Admin call {} failed", call, cause);
        return new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + cause);
    }

    static FullHttpResponse toHttp(ApiError error) {
        FullHttpResponse http = json(error.status(), Json.bytes(Json.object().put("status", error.status().code())
            .put("error", error.getMessage())));
        http.headers().add(error.headers());
        return http;
    }

    public static FullHttpResponse toHttp(ApiResponse response) {
        FullHttpResponse http = withoutHeaders(response);
        http.headers().add(response.headers());
        return http;
    }

    private static FullHttpResponse withoutHeaders(ApiResponse response) {
        if (response.bytes() != null) {
            FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                Unpooled.wrappedBuffer(response.bytes()));
            if (response.contentType() != null) {
                http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            }
            http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.bytes().length);
            return http;
        }
        if (response.text() != null) {
            byte[] text = response.text().getBytes(StandardCharsets.UTF_8);
            FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                Unpooled.wrappedBuffer(text));
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, text.length);
            return http;
        }
        if (response.body() == null) {
            FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status());
            http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            return http;
        }
        return json(response.status(), Json.bytes(response.body()));
    }

    private static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return http;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Admin connection error", cause);
        ctx.close();
    }
}
