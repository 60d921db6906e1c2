package io.tbmock.testing;

import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device under test, as a real MQTT client library talking to the mock over a socket: the HiveMQ MQTT client
 * for MQTT 3.1.1 and 5 over plain TCP, Eclipse Paho for MQTT 3.1, for TLS (it takes the {@link Tls} socket
 * factories as they are) and for a 3.1.1 password without a username (which HiveMQ's client refuses to send).
 * Paho 1.2.5 waits 100 ms for each of its three threads at every connect, which was most of the test suite's
 * time; HiveMQ's client connects in a few milliseconds. Every blocking call waits at most {@link #TIMEOUT}.
 */
public final class MqttDevice implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String HOST = "127.0.0.1";
    static final int KEEP_ALIVE_SECONDS = 60;

    /** A message the device received; equal by topic, payload and QoS. */
    public record Received(String topic, String payload, int qos, byte[] bytes) {
        public Received(String topic, String payload, int qos) {
            this(topic, payload, qos, payload.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Received r && r.topic.equals(topic) && r.payload.equals(payload) && r.qos == qos;
        }

        @Override
        public int hashCode() {
            return topic.hashCode() * 31 + payload.hashCode();
        }

        @Override
        public String toString() {
            return "Received[" + topic + ", " + payload + ", qos " + qos + "]";
        }
    }

    /** A connection the server refused: the CONNACK's code as the client library reports it. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        Refused(int code, Throwable cause) {
            super("connection refused with code " + code + " (0x" + Integer.toHexString(code) + ")", cause);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** Request ids of {@link #roundTrip()}'s attribute requests, far from the ones tests use. */
    private static final AtomicInteger ROUND_TRIP_IDS = new AtomicInteger(1_000_000);

    private final DeviceClient client;
    private final MqttProtocol protocol;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Throwable> lost = new CompletableFuture<>();
    private final CompletableFuture<Integer> disconnectReason = new CompletableFuture<>();

    private MqttDevice(Options options) throws Exception {
        this.protocol = options.protocol;
        DeviceClient.Events events = new DeviceClient.Events() {
            @Override
            public void message(String topic, byte[] payload, int qos) {
                received.add(new Received(topic, new String(payload, StandardCharsets.UTF_8), qos, payload));
            }

            @Override
            public void disconnected(Integer reasonCode, Throwable cause) {
                if (reasonCode != null) {
                    disconnectReason.complete(reasonCode);
                }
                lost.complete(cause);
            }
        };
        this.client = library(options, events);
    }

    private static DeviceClient library(Options options, DeviceClient.Events events) throws Exception {
        boolean passwordAlone = options.username == null && options.password != null;
        if (options.tls != null || options.protocol == MqttProtocol.MQTT_3_1
            || options.protocol == MqttProtocol.MQTT_3_1_1 && passwordAlone) {
            return options.protocol == MqttProtocol.MQTT_5 ? new PahoV5Client(options, events)
                : new PahoV3Client(options, events);
        }
        return options.protocol == MqttProtocol.MQTT_5 ? new HiveMqV5Client(options, events)
            : new HiveMqV3Client(options, events);
    }

    /** Connects over MQTT 3.1.1 with an access token as username, a random client id and no password. */
    public static MqttDevice connectWithToken(int port, String token) throws Exception {
        return connect(port, options().username(token));
    }

    /** Connects with an access token as username, a random client id and no password. */
    public static MqttDevice connectWithToken(int port, String token, MqttProtocol protocol) throws Exception {
        return connect(port, options().username(token).protocol(protocol));
    }

    /** @throws Refused the server refused the connection */
    public static MqttDevice connect(int port, Options options) throws Exception {
        MqttDevice device = new MqttDevice(options.port(port));
        try {
            device.client.connect();
        } catch (Exception e) {
            device.client.close();
            throw e;
        }
        return device;
    }

    /** The CONNACK code of a refused connection, or -1 if it was accepted; fails the test on any other error. */
    public static int refusalCode(int port, Options options) {
        try {
            connect(port, options).close();
            return -1;
        } catch (Refused e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError("neither accepted nor refused", e);
        }
    }

    public static Options options() {
        return new Options();
    }

    public static String randomClientId() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    public MqttProtocol protocol() {
        return protocol;
    }

    /**
     * Publishes and waits until it is complete (PUBACK received, for QoS 1).
     *
     * @return the PUBACK's reason code (always 0 before MQTT 5, and for QoS 0)
     */
    public int publish(String topic, String payload, int qos) throws Exception {
        return await(publishAsync(topic, payload, qos));
    }

    /** Publishes without waiting; completes with the PUBACK's reason code, exceptionally if the connection is lost. */
    public CompletableFuture<Integer> publishAsync(String topic, String payload, int qos) throws Exception {
        return client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos);
    }

    /** {@link #publish} of a binary payload (protobuf). */
    public int publish(String topic, byte[] payload, int qos) throws Exception {
        return await(publishAsync(topic, payload, qos));
    }

    /** {@link #publishAsync} of a binary payload (protobuf). */
    public CompletableFuture<Integer> publishAsync(String topic, byte[] payload, int qos) throws Exception {
        return client.publish(topic, payload, qos);
    }

    /** Subscribes and returns the SUBACK's code per filter (granted QoS, or 128 / MQTT 5's 0x8F when refused). */
    public int[] subscribe(int qos, String... filters) throws Exception {
        return client.subscribe(qos, filters);
    }

    /** Unsubscribes; returns the UNSUBACK's reason codes (MQTT 5; none before). */
    public int[] unsubscribe(String... filters) throws Exception {
        return client.unsubscribe(filters);
    }

    /** The next message received, waiting up to {@link #TIMEOUT}; fails the test if none came. */
    /** The next message if one arrives within {@code wait}, else null. */
    public Received nextMessageOrNull(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Received nextMessage() throws InterruptedException {
        Received next = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no message within " + TIMEOUT.toMillis() + " ms"
                + (lost.isDone() ? "; the connection was lost: " + lost.getNow(null) : ""));
        }
        return next;
    }

    /**
     * Waits out one round trip through the server's whole delivery path, for a check that something did
     * <em>not</em> arrive: asks for attributes and waits for the answer, which the server sends through the
     * same engine queue as everything else for this device, so whatever was sent before it has arrived by
     * then. The answer itself is taken out of {@link #received()}; what came before it stays.
     */
    public void roundTrip() throws Exception {
        String response = "v1/devices/me/attributes/response/" + ROUND_TRIP_IDS.incrementAndGet();
        publish(response.replace("/response/", "/request/"), "{\"sharedKeys\":\"\"}", 1);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<Received> before = new ArrayList<>();
        try {
            while (true) {
                Received next = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("the round trip's answer on " + response + " did not come within "
                        + TIMEOUT.toMillis() + " ms");
                }
                if (next.topic().equals(response)) {
                    return;
                }
                before.add(next);
            }
        } finally {
            List<Received> after = new ArrayList<>();
            received.drainTo(after);
            received.addAll(before);
            received.addAll(after);
        }
    }

    /** Messages received so far and not yet taken. */
    public BlockingQueue<Received> received() {
        return received;
    }

    /** Completes when the server closes the connection. */
    public CompletableFuture<Throwable> connectionLost() {
        return lost;
    }

    /** Waits until the server closed the connection; false if it is still open after {@link #TIMEOUT}. */
    public boolean awaitConnectionLost() {
        try {
            lost.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The reason code of the DISCONNECT the server sent (MQTT 5), waiting until the connection is lost;
     * null when it closed without one.
     */
    public Integer awaitDisconnectReason() {
        if (!awaitConnectionLost()) {
            throw new AssertionError("the connection was not closed within " + TIMEOUT.toMillis() + " ms");
        }
        return disconnectReason.getNow(null);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    public String clientId() {
        return client.clientId();
    }

    /** Disconnects (if still connected) and frees the client. */
    @Override
    public void close() {
        client.close();
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT.toMillis() + " ms", e);
        }
    }

    /**
     * The PUBACK's reason code once the publish has settled, or null if the connection went without one. A
     * client library may report the lost connection before it settles the publishes it leaves unanswered.
     */
    public static Integer pubAckOrNull(CompletableFuture<Integer> answer) throws InterruptedException {
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException unanswered) {
            return null;
        } catch (TimeoutException e) {
            throw new AssertionError("the publish neither got its PUBACK nor failed within " + TIMEOUT.toMillis()
                + " ms", e);
        }
    }

    /** Waits up to a second for the future, whatever its outcome: for a DISCONNECT the server may answer first. */
    static void awaitQuietly(CompletableFuture<?> future) {
        try {
            future.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException alreadyGone) {
            // the connection is gone, or going, either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CONNECT options. */
    public static final class Options {
        String clientId = randomClientId();
        String username;
        String password;
        boolean cleanSession = true;
        Long sessionExpiry;
        MqttProtocol protocol = MqttProtocol.MQTT_3_1_1;
        SSLSocketFactory tls;
        int port;

        public Options clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Options username(String username) {
            this.username = username;
            return this;
        }

        public Options password(String password) {
            this.password = password;
            return this;
        }

        /** MQTT 3.x clean session, MQTT 5 clean start. */
        public Options cleanSession(boolean cleanSession) {
            this.cleanSession = cleanSession;
            return this;
        }

        /** MQTT 5 only: the session expiry interval the CONNECT asks for, in seconds. */
        public Options sessionExpiry(long seconds) {
            this.sessionExpiry = seconds;
            return this;
        }

        /** Connects over TLS with this socket factory (see {@link Tls}). */
        public Options tls(SSLSocketFactory factory) {
            this.tls = factory;
            return this;
        }

        public Options protocol(MqttProtocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Options mqtt31() {
            return protocol(MqttProtocol.MQTT_3_1);
        }

        public Options mqtt5() {
            return protocol(MqttProtocol.MQTT_5);
        }

        Options port(int port) {
            this.port = port;
            return this;
        }

        String uri() {
            return (tls == null ? "tcp" : "ssl") + "://" + HOST + ":" + port;
        }
    }
}
