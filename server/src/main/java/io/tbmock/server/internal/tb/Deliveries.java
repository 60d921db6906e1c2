package io.tbmock.server.internal.tb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages of one connection awaiting their write, then (QoS 1) their PUBACK: delivery tags are
 * numbered per connection, and the transport reports by tag which was written with which packet id. A
 * gateway's children send on the gateway's connection, so they share its deliveries.
 */
final class Deliveries {
    private final AtomicLong tags = new AtomicLong();
    private final Map<Long, DeliveryListener> awaitingWrite = new ConcurrentHashMap<>();
    private final Map<Integer, DeliveryListener> awaitingAck = new ConcurrentHashMap<>();

    /** The tag of a message about to be sent; {@code listener} (if not null) hears of its delivery. */
    long next(DeliveryListener listener) {
        long tag = tags.incrementAndGet();
        if (listener != null) {
            awaitingWrite.put(tag, listener);
        }
        return tag;
    }

    /** The message with this tag could not be sent after all. */
    void cancel(long tag) {
        awaitingWrite.remove(tag);
    }

    void written(long tag, int packetId, int qos) {
        DeliveryListener listener = awaitingWrite.remove(tag);
        if (listener == null) {
            return;
        }
        if (qos > 0) {
            awaitingAck.put(packetId, listener);
        }
        listener.written(qos);
    }

    void acknowledged(int packetId) {
        DeliveryListener listener = awaitingAck.remove(packetId);
        if (listener != null) {
            listener.acknowledged();
        }
    }
}
