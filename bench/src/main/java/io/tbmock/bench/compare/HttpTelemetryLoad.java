package io.tbmock.bench.compare;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP devices posting telemetry as ThingsBoard's HTTP API takes it: {@code clients} kept-alive connections,
 * each with one {@code POST /api/v1/L<i>/telemetry} in flight (send, wait for the 200, send again), the same JSON
 * as {@link PublishLoad} publishes. Raw Netty on one event loop, as {@link PublishLoad}, so both loads cost the
 * generator alike.
 */
final class HttpTelemetryLoad implements AutoCloseable {
    private final LoadConnections connections = new LoadConnections();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    static HttpTelemetryLoad start(String host, int port, int clients) throws Exception {
        HttpTelemetryLoad load = new HttpTelemetryLoad();
        Bootstrap bootstrap = load.connections.bootstrap();
        for (int i = 0; i < clients; i++) {
            Client client = load.new Client(host + ":" + port, "/api/v1/L" + i + "/telemetry");
            load.connections.add(bootstrap.handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536), client);
                }
            }).connect(new InetSocketAddress(host, port)).sync().channel());
        }
        return load;
    }

    /** 200s received since the start. */
    long answered() {
        return answered.get();
    }

    /** Answers other than 200. */
    long failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        connections.close();
    }

    private final class Client extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final String hostHeader;
        private final String path;
        private long seq;

        Client(String hostHeader, String path) {
            this.hostHeader = hostHeader;
            this.path = path;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            post(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            if (response.status().code() == 200) {
                answered.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            if (!connections.stopping()) {
                post(ctx);
            }
        }

        private void post(ChannelHandlerContext ctx) {
            ByteBuf body = ctx.alloc().buffer(64);
            body.writeCharSequence("{\"temperature\":" + (20 + seq % 10) + ".5,\"humidity\":61,\"seq\":" + seq++ + "}",
                StandardCharsets.US_ASCII);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
            request.headers().set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ctx.writeAndFlush(request);
        }
    }
}
