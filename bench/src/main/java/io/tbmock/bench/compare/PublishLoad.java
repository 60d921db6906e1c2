package io.tbmock.bench.compare;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load a fleet simulation makes: {@code clients} MQTT 3.1.1 connections, each publishing QoS 1 telemetry
 * on {@code v1/devices/me/telemetry} and keeping {@code window} messages in flight (1: send, wait for the
 * PUBACK, send again). Raw Netty with its MQTT codec on one event loop, so the generator costs every server
 * alike. Client {@code i} connects with client id {@code load-i} and username {@code L<i>}, the access token
 * of a tbmock device; mosquitto and Moquette accept any username.
 */
final class PublishLoad implements TelemetryLoad {
    private static final String TOPIC = "v1/devices/me/telemetry";

    /** Writes message {@code seq}'s telemetry payload into a buffer. */
    interface Payload {
        void write(ByteBuf buffer, long seq);
    }

    /** {@code {"temperature":2x.5,"humidity":61,"seq":n}}, the JSON every comparison publishes. */
    static final Payload JSON = (buffer, seq) -> buffer.writeCharSequence("{\"temperature\":" + (20 + seq % 10)
        + ".5,\"humidity\":61,\"seq\":" + seq + "}", StandardCharsets.US_ASCII);

    private final LoadConnections connections = new LoadConnections();
    private final AtomicLong acked = new AtomicLong();
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final int window;
    private final Payload payload;
    private volatile boolean recording;

    private PublishLoad(int window, Payload payload) {
        this.window = window;
        this.payload = payload;
    }

    /** Connects every client and starts publishing as each CONNACK arrives; returns once all are connected. */
    static PublishLoad start(String host, int port, int clients, int window) throws Exception {
        return start(host, port, clients, window, JSON);
    }

    /** {@link #start(String, int, int, int)} publishing {@code payload}. */
    static PublishLoad start(String host, int port, int clients, int window, Payload payload) throws Exception {
        PublishLoad load = new PublishLoad(window, payload);
        try {
            connectAll(load, host, port, clients);
            return load;
        } catch (Exception e) { // a refused or closed client: let the benchmark end, not hang on the clients' threads
            load.close();
            throw e;
        }
    }

    private static void connectAll(PublishLoad load, String host, int port, int clients) throws Exception {
        List<CompletableFuture<Void>> connected = new ArrayList<>();
        Bootstrap bootstrap = load.connections.bootstrap();
        for (int i = 0; i < clients; i++) {
            CompletableFuture<Void> connack = new CompletableFuture<>();
            connected.add(connack);
            Client client = load.new Client("load-" + i, "L" + i, connack);
            Channel channel = bootstrap.handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, client);
                }
            }).connect(new InetSocketAddress(host, port)).sync().channel();
            load.connections.add(channel);
        }
        CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Override
    public long acked() {
        return acked.get();
    }

    @Override
    public void recordFromNow() {
        latencies.clear();
        recording = true;
    }

    @Override
    public long latencyMicros(double quantile) {
        return latencies.percentileMicros(quantile);
    }

    @Override
    public void close() throws InterruptedException {
        connections.close();
    }

    private final class Client extends SimpleChannelInboundHandler<MqttMessage> {
        private final String clientId;
        private final String username;
        private final CompletableFuture<Void> connack;
        /** Send times by packet id; at most {@code window} (≤ 1024) are in flight and acks come in order. */
        private final long[] sentAt = new long[1024];
        private int nextPacketId = 1;
        private long seq;

        Client(String clientId, String username, CompletableFuture<Void> connack) {
            this.clientId = clientId;
            this.username = username;
            this.connack = connack;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId(clientId).username(username).cleanSession(true).keepAlive(60).build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            if (msg.fixedHeader().messageType() == MqttMessageType.CONNACK) {
                MqttConnectReturnCode code = ((MqttConnAckMessage) msg).variableHeader().connectReturnCode();
                if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    connack.completeExceptionally(new IllegalStateException(clientId + " refused: " + code));
                    return;
                }
                connack.complete(null);
                for (int i = 0; i < window; i++) {
                    publish(ctx);
                }
            } else if (msg.fixedHeader().messageType() == MqttMessageType.PUBACK) {
                int packetId = ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
                acked.incrementAndGet();
                if (recording) {
                    latencies.record(System.nanoTime() - sentAt[packetId & 1023]);
                }
                if (!connections.stopping()) {
                    publish(ctx);
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush(); // the publishes answering this read's PUBACKs leave together
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!connack.isDone()) {
                connack.completeExceptionally(new IllegalStateException(clientId + ": connection closed"));
            } else if (!connections.stopping()) {
                System.err.println(clientId + ": the server closed the connection");
            }
        }

        private void publish(ChannelHandlerContext ctx) {
            int packetId = nextPacketId;
            nextPacketId = packetId == 65535 ? 1 : packetId + 1;
            ByteBuf message = ctx.alloc().buffer(64);
            payload.write(message, seq++);
            sentAt[packetId & 1023] = System.nanoTime();
            ctx.write(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE,
                false, 0), new MqttPublishVariableHeader(TOPIC, packetId), message));
        }
    }
}
