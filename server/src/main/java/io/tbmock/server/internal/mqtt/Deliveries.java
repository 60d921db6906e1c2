package io.tbmock.server.internal.mqtt;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages of one connection awaiting their write, then (QoS 1) their PUBACK: delivery tags are
 * numbered per connection, and the transport reports by tag which was written with which packet id. A
 * gateway's children send on the gateway's connection, so they share its deliveries.
 *
 * <p>It also keeps the connection's backlog: QoS 1 messages sent and not yet acknowledged, which the engine
 * holds until the device acknowledges them. A device that stops reading would otherwise grow it without end.
 */
final class Deliveries {
    private final AtomicLong tags = new AtomicLong();
    private final Map<Long, DeliveryListener> awaitingWrite = new ConcurrentHashMap<>();
    private final Map<Integer, DeliveryListener> awaitingAck = new ConcurrentHashMap<>();
    /** Backlog: payload sizes of QoS 1 messages by tag until written, then by packet id until acknowledged. */
    private final Map<Long, Integer> unwritten = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> unacknowledged = new ConcurrentHashMap<>();
    private final AtomicLong backlogBytes = new AtomicLong();
    /** Tags of messages a DUPLICATE_DOWNLINK fault sends twice (docs/faults.md). */
    private final Set<Long> duplicated = ConcurrentHashMap.newKeySet();

    /**
     * The tag of a message about to be sent; {@code listener} (if not null) hears of its delivery.
     *
     * @param qos   the QoS it is sent at; QoS 1 counts in the backlog until acknowledged
     * @param bytes its payload's size
     */
    /** The message with this tag is to be written a second time, as a DUPLICATE_DOWNLINK fault says. */
    void duplicate(long tag) {
        duplicated.add(tag);
    }

    /** Whether the message with this tag is to be written a second time (asked once per tag). */
    boolean takeDuplicate(long tag) {
        return duplicated.remove(tag);
    }

    long next(DeliveryListener listener, int qos, int bytes) {
        long tag = tags.incrementAndGet();
        if (listener != null) {
            awaitingWrite.put(tag, listener);
        }
        if (qos > 0) {
            unwritten.put(tag, bytes);
            backlogBytes.addAndGet(bytes);
        }
        return tag;
    }

    /** The message with this tag could not be sent after all. */
    void cancel(long tag) {
        awaitingWrite.remove(tag);
        Integer bytes = unwritten.remove(tag);
        if (bytes != null) {
            backlogBytes.addAndGet(-bytes);
        }
    }

    /** A message was written; the engine writes an unacknowledged one again with the same tag and packet id. */
    void written(long tag, int packetId, int qos) {
        Integer bytes = unwritten.remove(tag);
        if (bytes != null && qos > 0) {
            Integer replaced = unacknowledged.put(packetId, bytes);
            if (replaced != null) { // the engine reused the packet id of a message it gave up on
                backlogBytes.addAndGet(-replaced);
            }
        } else if (bytes != null) {
            backlogBytes.addAndGet(-bytes);
        }
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
        Integer bytes = unacknowledged.remove(packetId);
        if (bytes != null) {
            backlogBytes.addAndGet(-bytes);
        }
        DeliveryListener listener = awaitingAck.remove(packetId);
        if (listener != null) {
            listener.acknowledged();
        }
    }

    /** QoS 1 messages sent and not yet acknowledged. */
    int backlogMessages() {
        return unwritten.size() + unacknowledged.size();
    }

    /** Their payload bytes. */
    long backlogBytes() {
        return backlogBytes.get();
    }
}
