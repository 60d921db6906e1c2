package io.tbmock.bench.compare;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Device sessions that connect and then stay idle, as a fleet at rest: {@code count} MQTT 3.1.1 connections,
 * client {@code i} with username {@code L<i>}, at most {@code concurrency} CONNECTs awaiting their CONNACK at
 * once. A machine gives one source address about 28,000 ports, so the connections spread over loopback
 * addresses (all of 127/8 is loopback on Linux), 20,000 to each: 127.N.0.2, 127.N.0.3, … with N random.
 */
final class IdleSessions implements AutoCloseable {
    private static final int CONNECTIONS_PER_SOURCE = 20_000;

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final List<Channel> channels = new ArrayList<>();

    /**
     * Opens the sessions and returns once every CONNACK arrived.
     *
     * @throws IllegalStateException a session was refused or closed
     */
    /**
     * @param tls the clients' TLS engine; null for plain MQTT
     */
    static IdleSessions connect(int port, SslProvider tls, int count, int concurrency) throws Exception {
        IdleSessions sessions = new IdleSessions();
        SslContext ssl = tls == null ? null : SslContextBuilder.forClient().sslProvider(tls)
            .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        Semaphore inFlight = new Semaphore(concurrency);
        // A network of its own per run: the ports of the last run's closed connections wait out TIME_WAIT.
        String network = "127." + ThreadLocalRandom.current().nextInt(1, 255) + ".0.";
        List<CompletableFuture<Void>> connacks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            CompletableFuture<Void> connack = new CompletableFuture<>();
            connack.whenComplete((ok, failure) -> inFlight.release());
            connacks.add(connack);
            String username = "L" + i;
            Bootstrap bootstrap = new Bootstrap().group(sessions.group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), "localhost", port));
                        }
                        ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, new Session(username, connack));
                    }
                });
            InetSocketAddress source = new InetSocketAddress(network + (2 + i / CONNECTIONS_PER_SOURCE), 0);
            Channel channel = bootstrap.connect(new InetSocketAddress("127.0.0.1", port), source)
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        connack.completeExceptionally(connected.cause());
                    }
                }).channel();
            sessions.channels.add(channel);
        }
        CompletableFuture.allOf(connacks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        return sessions;
    }

    int size() {
        return channels.size();
    }

    @Override
    public void close() throws InterruptedException {
        for (Channel channel : channels) {
            channel.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    private static final class Session extends SimpleChannelInboundHandler<MqttMessage> {
        private final String username;
        private final CompletableFuture<Void> connack;

        Session(String username, CompletableFuture<Void> connack) {
            this.username = username;
            this.connack = connack;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // With TLS, the SslHandler holds this write until its handshake is done.
            ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId("idle-" + username).username(username).cleanSession(true).keepAlive(600).build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            if (msg.fixedHeader().messageType() == MqttMessageType.CONNACK) {
                MqttConnectReturnCode code = ((MqttConnAckMessage) msg).variableHeader().connectReturnCode();
                if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    connack.complete(null);
                } else {
                    connack.completeExceptionally(new IllegalStateException(username + " refused: " + code));
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connack.completeExceptionally(new IllegalStateException(username + ": connection closed"));
        }
    }
}
