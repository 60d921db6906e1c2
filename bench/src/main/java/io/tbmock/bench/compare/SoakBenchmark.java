package io.tbmock.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long run as a device test suite's backend lives it: 200 devices (Paho clients) for 10 minutes, each sending
 * telemetry every second at QoS 1, answering server RPCs and taking shared-attribute pushes, while some reconnect
 * every few seconds and some download firmware. The tbmock jar runs with its defaults (bounded journal and
 * stores). Prints the live heap as the run goes and after {@code POST /admin/reset/data}, and accounts for every
 * acknowledged publish in the telemetry store; the drop counters of the bounds not reached must stay at zero.
 * Measured, never asserted; not part of {@code mvn verify}.
 *
 * <pre>bench/soak.sh [devices=200] [minutes=10] [heap=512m]</pre>
 */
public final class SoakBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OTA_SIZE = 64 * 1024;
    private static final int CHUNK = 4096;

    private final ServerProcess server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Device> devices = new ArrayList<>();
    private final Random random = new Random(1);
    private final byte[] firmware = new byte[OTA_SIZE];
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong notSent = new AtomicLong();
    private final AtomicInteger pushes = new AtomicInteger();
    private final AtomicInteger pushesDelivered = new AtomicInteger();
    private final AtomicInteger pushesReceived = new AtomicInteger();
    private final AtomicInteger rpcs = new AtomicInteger();
    private final AtomicInteger rpcsAnswered = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();
    private final AtomicInteger downloadsIntact = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    /** The first client errors, to say what they were. */
    private final List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());

    private SoakBenchmark(ServerProcess server) {
        this.server = server;
        new Random(2).nextBytes(firmware);
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args,
            new String[][] {{"devices", "200"}, {"minutes", "10"}, {"heap", "512m"}});
        int deviceCount = options.integer("devices");
        int minutes = options.integer("minutes");
        String heap = options.text("heap");
        Path workDir = Files.createTempDirectory("tbmock-soak");
        try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.TBMOCK, workDir,
            Path.of("app/target/tbmock.jar"), Path.of("bench/target/tbmock-bench.jar"), deviceCount,
            List.of("-Xmx" + heap), List.of("--quiet"))) {
            new SoakBenchmark(server).run(deviceCount, minutes, heap);
        }
    }

    private void run(int deviceCount, int minutes, String heap) throws Exception {
        long baseline = server.liveHeapBytes();
        String packageId = post("/admin/ota/packages?title=fw&version=1", firmware).get("id").asText();
        for (int i = 0; i < deviceCount; i++) {
            Device device = new Device(i);
            device.connect();
            devices.add(device);
            post("/admin/devices/load-" + i + "/ota", ("{\"packageId\":\"" + packageId + "\"}").getBytes());
        }
        System.out.printf("soak: %d devices for %d min, tbmock -Xmx%s with its default bounds; live heap at start "
            + "%.1f MiB%n", deviceCount, minutes, heap, baseline / 1048576.0);
        ScheduledExecutorService load = Executors.newScheduledThreadPool(8);
        load.scheduleAtFixedRate(() -> devices.forEach(Device::sendTelemetry), 0, 1, TimeUnit.SECONDS);
        load.scheduleAtFixedRate(this::pushAttribute, 0, 50, TimeUnit.MILLISECONDS);
        load.scheduleAtFixedRate(this::sendRpc, 25, 50, TimeUnit.MILLISECONDS);
        load.scheduleAtFixedRate(() -> pick().reconnect(), 2, 2, TimeUnit.SECONDS);
        load.scheduleAtFixedRate(() -> pick().download(), 5, 10, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        for (int minute = 1; System.nanoTime() < end; minute++) {
            TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.MINUTES.toNanos(1), end - System.nanoTime()));
            JsonNode stats = get("/admin/stats");
            System.out.printf("  %2d min: live heap %.1f MiB, %,d publishes acknowledged, journal %,d events (%,d "
                    + "dropped), %d connected%n", minute, server.liveHeapBytes() / 1048576.0, acknowledged.get(),
                stats.get("events").asLong(), stats.get("eventsDropped").asLong(),
                stats.get("connectedDevices").asInt());
        }
        load.shutdown();
        load.awaitTermination(30, TimeUnit.SECONDS);
        TimeUnit.SECONDS.sleep(6); // the last RPCs' 5 s timeouts
        report(baseline);
    }

    private void report(long baseline) throws Exception {
        long stored = 0;
        for (Device device : devices) {
            JsonNode values = get("/admin/devices/load-" + device.index + "/telemetry?keys=n").get("n");
            stored += values == null ? 0 : values.size();
        }
        JsonNode stats = get("/admin/stats");
        System.out.printf("telemetry: %,d published, %,d acknowledged, %,d stored (%,d not sent: the device was "
                + "reconnecting); every acknowledged one stored: %s%n", published.get(), acknowledged.get(), stored,
            notSent.get(), stored >= acknowledged.get() && stored <= published.get());
        System.out.printf("attribute pushes: %,d asked, %,d sent to a connected device, %,d received%n", pushes.get(),
            pushesDelivered.get(), pushesReceived.get());
        System.out.printf("server RPCs: %,d sent, %,d answered SUCCESSFUL; reconnects %,d; OTA downloads %d, "
            + "%d intact; client errors %d%n", rpcs.get(), rpcsAnswered.get(), reconnects.get(), downloads.get(),
            downloadsIntact.get(), errors.get());
        firstErrors.forEach(error -> System.out.println("  client error: " + error));
        System.out.printf("drop counters: telemetry %d, RPCs %d, client RPCs %d (bounds not reached: must be 0); "
                + "journal %,d of %,d events (bounded at its capacity)%n", stats.get("telemetryValuesDropped").asLong(),
            stats.get("rpcsDropped").asLong(), stats.get("clientRpcsDropped").asLong(),
            stats.get("eventsDropped").asLong(), stats.get("lastSeq").asLong());
        long loaded = server.liveHeapBytes();
        devices.forEach(Device::close);
        post("/admin/reset/data", new byte[0]);
        System.out.printf("live heap: %.1f MiB at start, %.1f MiB at the end, %.1f MiB after the devices left and "
            + "POST /admin/reset/data%n", baseline / 1048576.0, loaded / 1048576.0, server.liveHeapBytes() / 1048576.0);
    }

    private void error(String what, Throwable cause) {
        if (errors.incrementAndGet() <= 10) {
            firstErrors.add(what + ": " + cause);
        }
    }

    private Device pick() {
        synchronized (random) {
            return devices.get(random.nextInt(devices.size()));
        }
    }

    private void pushAttribute() {
        Device device = pick();
        pushes.incrementAndGet();
        postAsync("/admin/devices/load-" + device.index + "/attributes/shared", "{\"setpoint\":" + pushes.get() + "}")
            .thenAccept(answer -> {
                if (answer.path("pushed").asBoolean()) {
                    pushesDelivered.incrementAndGet();
                }
            });
    }

    private void sendRpc() {
        Device device = pick();
        rpcs.incrementAndGet();
        postAsync("/admin/devices/load-" + device.index + "/rpc", "{\"method\":\"ping\",\"timeoutMs\":5000}")
            .thenAccept(answer -> {
                if ("SUCCESSFUL".equals(answer.path("status").asText())) {
                    rpcsAnswered.incrementAndGet();
                }
            });
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri(path)).build(),
            HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode post(String path, byte[] body) throws Exception {
        String answer = http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        return answer.isEmpty() ? JSON.nullNode() : JSON.readTree(answer);
    }

    private java.util.concurrent.CompletableFuture<JsonNode> postAsync(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString())
            .thenApply(response -> {
                try {
                    return JSON.readTree(response.body());
                } catch (Exception e) {
                    error("admin call " + path, e);
                    return JSON.nullNode();
                }
            });
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort + path);
    }

    /** One device: a Paho client that publishes, answers RPCs, takes pushes and downloads firmware when asked. */
    private final class Device implements MqttCallback {
        final int index;
        private final MqttAsyncClient client;
        private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(4);
        private final AtomicInteger counter = new AtomicInteger();
        private volatile boolean downloading;

        Device(int index) throws MqttException {
            this.index = index;
            client = new MqttAsyncClient("tcp://127.0.0.1:" + server.mqttPort, "soak-" + index,
                new MemoryPersistence());
            client.setCallback(this);
        }

        synchronized void connect() throws MqttException {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName("L" + index);
            options.setCleanSession(true);
            options.setMaxInflight(100);
            client.connect(options).waitForCompletion(10_000);
            client.subscribe(new String[] {"v1/devices/me/attributes", "v1/devices/me/rpc/request/+",
                "v2/fw/response/+/chunk/+"}, new int[] {1, 1, 1}).waitForCompletion(10_000);
        }

        void sendTelemetry() {
            if (!client.isConnected()) {
                notSent.incrementAndGet();
                return;
            }
            byte[] payload = ("{\"n\":" + counter.getAndIncrement() + "}").getBytes(StandardCharsets.UTF_8);
            try {
                published.incrementAndGet();
                client.publish("v1/devices/me/telemetry", payload, 1, false, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        acknowledged.incrementAndGet();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        // lost in a reconnect: counted as published, not acknowledged
                    }
                });
            } catch (MqttException reconnecting) {
                published.decrementAndGet();
                notSent.incrementAndGet();
            }
        }

        synchronized void reconnect() {
            if (downloading) {
                return;
            }
            String step = "disconnect";
            try {
                // At most half a second for what is in flight: Paho's default waits up to 30 s for work to finish,
                // and pushes and RPCs keep arriving meanwhile.
                client.disconnect(500).waitForCompletion(10_000);
                step = "connect";
                connect();
                reconnects.incrementAndGet();
            } catch (MqttException e) {
                error("reconnect of device " + index + " (" + step + ")", e);
            }
        }

        /** Downloads the firmware in 4 KiB chunks, each asked for once the last arrived, and checks the bytes. */
        synchronized void download() {
            downloading = true;
            downloads.incrementAndGet();
            try {
                byte[] whole = new byte[0];
                String requestId = String.valueOf(downloads.get());
                for (int chunk = 0; chunk * CHUNK < OTA_SIZE; chunk++) {
                    client.publish("v2/fw/request/" + requestId + "/chunk/" + chunk,
                        String.valueOf(CHUNK).getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
                    byte[] received = chunks.poll(10, TimeUnit.SECONDS);
                    if (received == null) {
                        error("download by device " + index,
                            new IllegalStateException("no chunk " + chunk + " in 10 s"));
                        return;
                    }
                    whole = Arrays.copyOf(whole, whole.length + received.length);
                    System.arraycopy(received, 0, whole, whole.length - received.length, received.length);
                }
                if (Arrays.equals(whole, firmware)) {
                    downloadsIntact.incrementAndGet();
                }
            } catch (MqttException e) {
                error("download by device " + index, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                downloading = false;
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws MqttException {
            if (topic.startsWith("v1/devices/me/rpc/request/")) {
                client.publish(topic.replace("request", "response"), "{\"pong\":true}".getBytes(StandardCharsets.UTF_8),
                    1, false);
            } else if (topic.startsWith("v2/fw/response/")) {
                chunks.offer(message.getPayload());
            } else if (new String(message.getPayload(), StandardCharsets.UTF_8).contains("setpoint")) {
                pushesReceived.incrementAndGet();
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            error("connection of device " + index + " lost", cause);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        void close() {
            try {
                client.disconnect().waitForCompletion(10_000);
                client.close();
            } catch (MqttException e) {
                error("close of device " + index, e);
            }
        }
    }
}
