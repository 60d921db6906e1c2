package io.tbmock.server.internal.mqtt;

import io.moquette.broker.MoquetteBridge;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The Moquette engine behind the fronts: MQTT session state, packet ids and QoS 1 in-flight tracking for
 * everything the server sends to devices.
 *
 * <p>Each device session lives in Moquette under the device's id as client id, subscribed to one private
 * filter {@code <shard>/<deviceId>/#}; the server reaches a device by publishing to
 * {@code <shard>/<deviceId>/<deliveryTag>/<topic>}, and the device's {@link OutboundRewriter} strips the prefix and
 * reports which delivery was written with which packet id. No other filter ever reaches Moquette, so nothing
 * can route one device's traffic to another.
 */
public final class MqttEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttEngine.class);
    private static final String[] SHARDS = IntStream.range(0, 256).mapToObj(Integer::toHexString).toArray(String[]::new);

    private final Map<String, Runnable> awaitedConnects = new ConcurrentHashMap<>();
    private final AtomicLong nonces = new AtomicLong();
    private final MoquetteBridge bridge;
    private volatile Throwable failure;

    public MqttEngine() {
        bridge = new MoquetteBridge(List.of(new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "tbmock-engine-events";
            }

            @Override
            public void onConnect(InterceptConnectMessage msg) {
                // The password of the CONNECT a front forwards is the nonce it registered.
                byte[] nonce = msg.getPassword();
                Runnable callback = nonce == null ? null
                    : awaitedConnects.remove(new String(nonce, StandardCharsets.US_ASCII));
                if (callback != null) {
                    callback.run();
                }
            }

            @Override
            public void onSessionLoopError(Throwable error) {
                // Such an error kills a Moquette session thread for good: make it loud and visible in health.
                failure = error;
                LOG.error("Moquette session executor failed; sessions hashed to it no longer work", error);
            }
        }));
    }

    /** The filter of a device's one engine subscription. */
    static String privateFilter(String deviceId) {
        return privatePrefix(deviceId) + "#";
    }

    /**
     * Where the engine topics of a device start: {@code <shard>/<deviceId>/}. Moquette's subscription tree copies
     * a node's children at every subscribe below it; one parent for every device made each CONNECT cost time in
     * proportion to the sessions connected. 256 shards keep each node's children few. No common root above them:
     * each level is a token Moquette keeps with every subscription (some 60 bytes a session).
     */
    private static String privatePrefix(String deviceId) {
        return SHARDS[deviceId.hashCode() & (SHARDS.length - 1)] + "/" + deviceId + "/";
    }

    /** The topic a message to the device has in the engine: its private prefix, its delivery tag, its topic. */
    static String engineTopic(String deviceId, long deliveryTag, String topic) {
        return privatePrefix(deviceId) + deliveryTag + "/" + topic;
    }

    /** A message to a device as the engine routes it, tagged for the delivery report. */
    record Addressed(long deliveryTag, String topic) {
        /**
         * Reads {@code <shard>/<deviceId>/<deliveryTag>/<topic>}; null when the engine topic is not addressed to
         * {@code deviceId}.
         */
        static Addressed parse(String deviceId, String engineTopic) {
            String prefix = privatePrefix(deviceId);
            int tagStart = prefix.length();
            if (!engineTopic.startsWith(prefix) || engineTopic.length() <= tagStart) {
                return null;
            }
            int tagEnd = engineTopic.indexOf('/', tagStart);
            if (tagEnd < 0) {
                return null;
            }
            try {
                return new Addressed(Long.parseLong(engineTopic, tagStart, tagEnd, 10), engineTopic.substring(tagEnd + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    ChannelHandler protocolHandler() {
        return bridge.protocolHandler();
    }

    /**
     * Registers a callback for when Moquette has really connected the session whose CONNECT carries the
     * returned nonce as password. Moquette marks a session connected in its own CONNACK listener, which
     * may run after ours; its connect event fires after that.
     */
    String awaitConnect(Runnable onConnected) {
        String nonce = "c" + nonces.incrementAndGet();
        awaitedConnects.put(nonce, onConnected);
        return nonce;
    }

    void forget(String nonce) {
        awaitedConnects.remove(nonce);
    }

    /**
     * Sends a message to a device's current session. Call only for a session that is ready: Moquette drops
     * messages to a clean session that is not connected.
     *
     * @param deliveryTag comes back to {@link io.tbmock.server.internal.mqtt.DeviceSession#written} with the packet id
     * @return false when Moquette's session queue was full
     */
    public boolean publish(String deviceId, long deliveryTag, String topic, int qos, byte[] payload) {
        return bridge.publish(engineTopic(deviceId, deliveryTag, topic), MqttQoS.valueOf(qos),
            Unpooled.wrappedBuffer(payload));
    }

    /** Null while healthy; otherwise the error that broke a Moquette session executor. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        bridge.close();
    }
}
