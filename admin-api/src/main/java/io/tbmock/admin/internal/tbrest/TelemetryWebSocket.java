package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.tbmock.admin.internal.AdminHttpHandler;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.TsValue;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ThingsBoard's telemetry WebSocket (docs/thingsboard-rest.md §11): {@code /api/ws/plugins/telemetry?token=<jwt>}, or {@code /api/ws}
 * whose first message carries {@code authCmd}. It sits before the HTTP API in the admin pipeline: a request for
 * another path goes on; this one is upgraded, and the connection then carries commands.
 */
@ChannelHandler.Sharable
final class TelemetryWebSocket extends ChannelInboundHandlerAdapter {
    static final String NAME = "tbWebSocket";
    private static final String LEGACY_PATH = "/api/ws/plugins/telemetry";
    private static final String PATH = "/api/ws";
    private static final int MAX_FRAME_BYTES = 65536;

    private final TbAuth auth;
    private final TbMock tb;
    private final TelemetrySubscriptions subscriptions;

    TelemetryWebSocket(TbAuth auth, TbMock tb, TelemetrySubscriptions subscriptions) {
        this.auth = auth;
        this.tb = tb;
        this.subscriptions = subscriptions;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Only a request for the WebSocket's paths is decoded: every other call passes by here.
        if (msg instanceof FullHttpRequest request && request.decoderResult().isSuccess()
            && request.uri().startsWith("/api/ws")) {
            String path = new QueryStringDecoder(request.uri()).rawPath();
            if (path.equals(LEGACY_PATH) || path.equals(PATH)) {
                try {
                    upgrade(ctx, request, path.equals(LEGACY_PATH));
                } catch (IllegalArgumentException badQuery) {
                    refuse(ctx, TbError.badRequest(badQuery.getMessage()));
                } finally {
                    request.release();
                }
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, boolean legacy) {
        boolean authenticated = false;
        if (legacy) {
            String token = new QueryStringDecoder(request.uri()).parameters().getOrDefault("token", List.of("")).get(0);
            try {
                if (token.isEmpty()) {
                    throw TbError.json(HttpResponseStatus.UNAUTHORIZED, TbError.AUTHENTICATION, "Authentication failed");
                }
                auth.authenticate(token);
                authenticated = true;
            } catch (TbError refused) {
                refuse(ctx, refused);
                return;
            }
        }
        String scheme = ctx.pipeline().get("tls") != null ? "wss://" : "ws://";
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
            scheme + request.headers().get(HttpHeaderNames.HOST) + request.uri(), null, true, MAX_FRAME_BYTES)
            .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ctx.pipeline().remove(AdminHttpHandler.NAME);
        ctx.pipeline().addLast(new Session(handshaker, authenticated));
        ctx.pipeline().remove(this);
        handshaker.handshake(ctx.channel(), request);
    }

    private static void refuse(ChannelHandlerContext ctx, TbError refused) {
        FullHttpResponse answer = AdminHttpHandler.toHttp(refused.response());
        HttpUtil.setKeepAlive(answer, false);
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /** One upgraded connection: its commands, and its subscriptions ended when it closes. */
    private final class Session extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final WebSocketServerHandshaker handshaker;
        private boolean authenticated;

        Session(WebSocketServerHandshaker handshaker, boolean authenticated) {
            this.handshaker = handshaker;
            this.authenticated = authenticated;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                handshaker.close(ctx.channel(), close.retain());
            } else if (frame instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            } else if (frame instanceof TextWebSocketFrame text) {
                commands(ctx, text.text());
            }
        }

        private void commands(ChannelHandlerContext ctx, String text) {
            JsonNode commands = Json.tryParse(text);
            if (commands == null || !commands.isObject()) {
                TelemetrySubscriptions.sendError(ctx.channel(), 0, TelemetrySubscriptions.BAD_REQUEST,
                    "Failed to parse the payload");
                return;
            }
            if (!authenticated) {
                try {
                    auth.authenticate(commands.path("authCmd").path("token").asText(""));
                    authenticated = true;
                } catch (TbError refused) {
                    String reason = commands.has("authCmd") ? refused.getMessage() : "Auth cmd is missing";
                    handshaker.close(ctx.channel(), new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, reason));
                    return;
                }
            }
            commands.path("tsSubCmds").forEach(cmd -> subscribe(ctx, cmd, false));
            commands.path("attrSubCmds").forEach(cmd -> subscribe(ctx, cmd, true));
            commands.path("historyCmds").forEach(cmd -> history(ctx, cmd));
            commands.path("cmds").forEach(cmd -> {
                String type = cmd.path("type").asText();
                if (type.equals("TIMESERIES") || type.equals("ATTRIBUTES")) {
                    subscribe(ctx, cmd, type.equals("ATTRIBUTES"));
                } else if (type.equals("TIMESERIES_HISTORY")) {
                    history(ctx, cmd);
                } else {
                    TelemetrySubscriptions.sendError(ctx.channel(), cmd.path("cmdId").asInt(),
                        TelemetrySubscriptions.BAD_REQUEST, "tbmock does not answer " + type + " commands");
                }
            });
        }

        private void subscribe(ChannelHandlerContext ctx, JsonNode cmd, boolean attributes) {
            int cmdId = cmd.path("cmdId").asInt();
            if (cmd.path("unsubscribe").asBoolean(false)) {
                subscriptions.unsubscribe(ctx.channel(), cmdId);
                return;
            }
            Device device = device(ctx, cmd);
            if (device == null) {
                return;
            }
            Set<String> keys = keys(cmd);
            String scope = cmd.path("scope").asText("");
            AttributeScope attributeScope = null;
            if (attributes) {
                attributeScope = scope.equals("CLIENT_SCOPE") ? AttributeScope.CLIENT
                    : scope.equals("SHARED_SCOPE") ? AttributeScope.SHARED
                    : scope.equals("SERVER_SCOPE") ? AttributeScope.SERVER : null;
            }
            subscriptions.subscribe(ctx.channel(), cmdId, device.name(), attributeScope,
                attributes && attributeScope == null, keys);
        }

        /** A range of values, answered once: {@code startTs}, {@code endTs}, {@code limit}, {@code agg}, {@code interval}. */
        private void history(ChannelHandlerContext ctx, JsonNode cmd) {
            Device device = device(ctx, cmd);
            if (device == null) {
                return;
            }
            int cmdId = cmd.path("cmdId").asInt();
            TimeseriesQuery query;
            try {
                query = TimeseriesQuery.of(name -> cmd.hasNonNull(name) ? cmd.get(name).asText() : null);
            } catch (TbError refused) {
                TelemetrySubscriptions.sendError(ctx.channel(), cmdId, TelemetrySubscriptions.BAD_REQUEST,
                    refused.getMessage());
                return;
            }
            Set<String> keys = keys(cmd);
            Map<String, List<TsValue>> found = keys.isEmpty() ? Map.of()
                : tb.telemetry(device.name(), keys.toArray(String[]::new));
            TelemetrySubscriptions.sendHistory(ctx.channel(), cmdId, found, query);
        }

        /** The command's device; null, with the error sent, when there is none. */
        private Device device(ChannelHandlerContext ctx, JsonNode cmd) {
            try {
                if (!cmd.path("entityType").asText("DEVICE").equals("DEVICE")) {
                    throw new NotFoundException("not a device");
                }
                return tb.deviceById(TbIds.uuid(cmd.path("entityId").asText()));
            } catch (NotFoundException | TbError unknown) {
                TelemetrySubscriptions.sendError(ctx.channel(), cmd.path("cmdId").asInt(),
                    TelemetrySubscriptions.BAD_REQUEST, "Device with requested id wasn't found!");
                return null;
            }
        }

        private static Set<String> keys(JsonNode cmd) {
            Set<String> keys = new LinkedHashSet<>();
            Arrays.stream(cmd.path("keys").asText("").split(",")).filter(key -> !key.isEmpty()).forEach(keys::add);
            return keys;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            subscriptions.closed(ctx.channel());
            ctx.fireChannelInactive();
        }
    }
}
