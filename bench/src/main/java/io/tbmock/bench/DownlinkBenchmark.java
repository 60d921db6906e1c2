package io.tbmock.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server sends devices, driven through the Java API as a test drives it: two-way server RPCs to
 * devices that answer at once (each device one RPC at a time; RPC/s and the round trip's p50/p99), and shared
 * attributes pushed to many subscribed devices (pushes/s until every device has every push). The devices are
 * Netty MQTT clients in this JVM, subscribed at QoS 1, so the engine's in-flight tracking is part of it.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.DownlinkBenchmark [rpcDevices] [pushDevices] [pushRounds]</pre>
 * Defaults: 50 RPC devices, 1,000 devices for pushes, 20 rounds.
 */
public final class DownlinkBenchmark {
    private static final int WARM_UP_SECONDS = 2;
    private static final int MEASURED_SECONDS = 5;

    private DownlinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rpcDevices = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int pushDevices = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int pushRounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        EventLoopGroup group = new NioEventLoopGroup(1);
        try (TbMockServer server = TbMockServer.start(TbMockOptions.builder().mqttPort(0)
            .mqttsPort(TbMockOptions.DISABLED).bindAddress("127.0.0.1").build())) {
            for (int devices : new int[] {1, rpcDevices}) {
                rpc(server, group, devices);
            }
            pushes(server, group, pushDevices, pushRounds);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void rpc(TbMockServer server, EventLoopGroup group, int devices) throws Exception {
        TbMock tb = server.mock();
        tb.reset();
        List<String> names = connect(server, group, devices, "v1/devices/me/rpc/request/+", new AtomicLong());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean recording = new AtomicBoolean();
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (String name : names) {
            loops.add(rpcLoop(tb, name, running, recording, micros));
        }
        Thread.sleep(WARM_UP_SECONDS * 1000L);
        recording.set(true);
        long start = System.nanoTime();
        Thread.sleep(MEASURED_SECONDS * 1000L);
        recording.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("server RPC, two-way, %d device(s) each answering at once, one RPC at a time each: "
                + "%,.0f RPC/s, round trip p50 %.2f ms, p99 %.2f ms%n", devices, sorted.size() / seconds,
            sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) (sorted.size() * 0.99)) / 1000.0);
    }

    /** Sends RPC after RPC to one device until told to stop; completes when the last one is answered. */
    private static CompletableFuture<Void> rpcLoop(TbMock tb, String device, AtomicBoolean running,
                                                   AtomicBoolean recording, List<Long> micros) {
        long begin = System.nanoTime();
        return tb.sendRpcAsync(device, RpcRequest.twoWay("echo").params("{\"n\":1}")).thenCompose(rpc -> {
            if (rpc.status() != RpcStatus.SUCCESSFUL) {
                throw new IllegalStateException("RPC to " + device + " ended " + rpc.status());
            }
            if (recording.get()) {
                micros.add((System.nanoTime() - begin) / 1000);
            }
            return running.get() ? rpcLoop(tb, device, running, recording, micros)
                : CompletableFuture.completedFuture(null);
        });
    }

    private static void pushes(TbMockServer server, EventLoopGroup group, int devices, int rounds) throws Exception {
        TbMock tb = server.mock();
        tb.reset();
        AtomicLong received = new AtomicLong();
        List<String> names = connect(server, group, devices, "v1/devices/me/attributes", received);
        for (int round = 0; round < 2; round++) { // the first round warms up
            received.set(0);
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (String name : names) {
                    tb.setSharedAttributes(name, Map.of("target", r));
                }
            }
            long expected = (long) devices * rounds;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (received.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (received.get() < expected) {
                throw new IllegalStateException(received.get() + " of " + expected + " pushes arrived");
            }
            System.out.printf("%s: shared attributes pushed to %,d subscribed devices x %d: %,.0f pushes/s (all "
                + "received)%n", round == 0 ? "warm-up" : "measured", devices, rounds, expected / seconds);
        }
    }

    /** Devices {@code dl-0} … connected and subscribed to {@code filter} at QoS 1; their names. */
    private static List<String> connect(TbMockServer server, EventLoopGroup group, int devices, String filter,
                                        AtomicLong received) throws Exception {
        List<String> names = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(devices);
        for (int i = 0; i < devices; i++) {
            String name = "dl-" + i;
            server.mock().createDevice(NewDevice.named(name).credentials(DeviceCredentials.token("DL" + i)));
            Device device = new Device("DL" + i, filter, subscribed, received);
            ChannelInitializer<SocketChannel> pipeline = new ChannelInitializer<>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, device);
                }
            };
            new Bootstrap().group(group).channel(NioSocketChannel.class).handler(pipeline)
                .connect("127.0.0.1", server.mqttPort()).sync();
            names.add(name);
        }
        if (!subscribed.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("devices did not subscribe");
        }
        return names;
    }

    /** A device that subscribes, acknowledges what it gets, and answers every RPC request at once. */
    private static final class Device extends SimpleChannelInboundHandler<MqttMessage> {
        private final String token;
        private final String filter;
        private final CountDownLatch subscribed;
        private final AtomicLong received;
        private int nextPacketId = 1;

        Device(String token, String filter, CountDownLatch subscribed, AtomicLong received) {
            this.token = token;
            this.filter = filter;
            this.subscribed = subscribed;
            this.received = received;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(token)
                .username(token).cleanSession(true).keepAlive(60).build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            MqttMessageType type = msg.fixedHeader().messageType();
            if (type == MqttMessageType.CONNACK) {
                ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(nextId())
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, filter).build());
            } else if (type == MqttMessageType.SUBACK) {
                subscribed.countDown();
            } else if (type == MqttMessageType.PUBLISH) {
                MqttPublishMessage publish = (MqttPublishMessage) msg;
                if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                    ctx.write(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build());
                }
                received.incrementAndGet();
                String topic = publish.variableHeader().topicName();
                if (topic.startsWith("v1/devices/me/rpc/request/")) {
                    String id = topic.substring(topic.lastIndexOf('/') + 1);
                    ctx.write(MqttMessageBuilders.publish().topicName("v1/devices/me/rpc/response/" + id)
                        .qos(MqttQoS.AT_MOST_ONCE)
                        .payload(Unpooled.copiedBuffer("{\"ok\":true}", StandardCharsets.UTF_8)).build());
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private int nextId() {
            return nextPacketId++;
        }
    }
}
