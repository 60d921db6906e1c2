package io.tbmock.testing;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.SSLSocketFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device under test, as a real Eclipse Paho client talking to the mock over a socket. Every blocking
 * call waits at most {@link #TIMEOUT}.
 */
public final class MqttDevice implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

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

    /** Request ids of {@link #roundTrip()}'s attribute requests, far from the ones tests use. */
    private static final AtomicInteger ROUND_TRIP_IDS = new AtomicInteger(1_000_000);

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Throwable> lost = new CompletableFuture<>();

    private MqttDevice(MqttAsyncClient client) {
        this.client = client;
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    message.getQos(), message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    /** Connects with an access token as username, a random client id and no password. */
    public static MqttDevice connectWithToken(int port, String token) throws MqttException {
        return connect(port, options().clientId(randomClientId()).username(token));
    }

    public static MqttDevice connect(int port, Options options) throws MqttException {
        String uri = (options.tls == null ? "tcp" : "ssl") + "://127.0.0.1:" + port;
        MqttAsyncClient client = new MqttAsyncClient(uri, options.clientId, new MemoryPersistence());
        MqttDevice device = new MqttDevice(client);
        try {
            client.connect(options.toPaho()).waitForCompletion(TIMEOUT.toMillis());
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return device;
    }

    /** The CONNACK code of a refused connection (Paho's reason code), or -1 if it was accepted. */
    public static int refusalCode(int port, Options options) {
        try {
            connect(port, options).close();
            return -1;
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    public static Options options() {
        return new Options();
    }

    public static String randomClientId() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** Publishes and waits until it is complete (PUBACK received, for QoS 1). */
    public void publish(String topic, String payload, int qos) throws MqttException {
        IMqttDeliveryToken token = client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
        token.waitForCompletion(TIMEOUT.toMillis());
    }

    /** Publishes without waiting; the token completes on PUBACK. */
    public IMqttDeliveryToken publishAsync(String topic, String payload, int qos) throws MqttException {
        return client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    /** Subscribes and returns the granted QoS per filter as the SUBACK carried it (128 = refused). */
    public int[] subscribe(int qos, String... filters) throws MqttException {
        int[] qoss = new int[filters.length];
        java.util.Arrays.fill(qoss, qos);
        IMqttToken token = client.subscribe(filters, qoss);
        token.waitForCompletion(TIMEOUT.toMillis());
        return token.getGrantedQos();
    }

    public void unsubscribe(String... filters) throws MqttException {
        client.unsubscribe(filters).waitForCompletion(TIMEOUT.toMillis());
    }

    /** The next message received, waiting up to {@link #TIMEOUT}; fails the test if none came. */
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
    public void roundTrip() throws MqttException, InterruptedException {
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

    public boolean isConnected() {
        return client.isConnected();
    }

    public String clientId() {
        return client.getClientId();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(TIMEOUT.toMillis());
            }
        } catch (MqttException ignored) {
            // already gone
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing left to close
        }
    }

    /** CONNECT options. */
    public static final class Options {
        private String clientId = randomClientId();
        private String username;
        private String password;
        private boolean cleanSession = true;
        private int version = MqttConnectOptions.MQTT_VERSION_3_1_1;
        private SSLSocketFactory tls;

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

        public Options cleanSession(boolean cleanSession) {
            this.cleanSession = cleanSession;
            return this;
        }

        /** Connects over TLS with this socket factory (see {@link Tls}). */
        public Options tls(SSLSocketFactory factory) {
            this.tls = factory;
            return this;
        }

        public Options mqtt31() {
            this.version = MqttConnectOptions.MQTT_VERSION_3_1;
            return this;
        }

        MqttConnectOptions toPaho() {
            MqttConnectOptions paho = new MqttConnectOptions();
            paho.setMqttVersion(version);
            paho.setCleanSession(cleanSession);
            paho.setAutomaticReconnect(false);
            paho.setConnectionTimeout((int) TIMEOUT.toSeconds());
            paho.setKeepAliveInterval(60);
            if (username != null) {
                paho.setUserName(username);
            }
            if (password != null) {
                paho.setPassword(password.toCharArray());
            }
            if (tls != null) {
                paho.setSocketFactory(tls);
            }
            return paho;
        }
    }
}
