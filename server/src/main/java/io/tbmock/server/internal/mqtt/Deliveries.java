package io.tbmock.server.internal.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages of one connection awaiting their write, then (QoS 1) their PUBACK: delivery tags are
 * numbered per connection, and the transport reports by tag which was written with which packet id. A
 * gateway's children send on the gateway's connection, so they share its deliveries.
 *
 * <p>It also keeps the connection's backlog: QoS 1 messages sent and not yet acknowledged, which the engine
 * holds until the device acknowledges them. A device that stops reading would otherwise grow it without end.
 * Two maps per connection, empty while it is idle: a fleet of idle sessions is what this is sized for.
 */
final class Deliveries {
    private final AtomicLong tags = new AtomicLong();
    /** By tag, until written: the messages someone waits on, that count in the backlog or are to be sent twice. */
    private final Map<Long, Pending> unwritten = new ConcurrentHashMap<>();
    /** By packet id, from their write until their PUBACK: the QoS 1 messages among them. */
    private final Map<Integer, Pending> unacknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger backlogMessages = new AtomicInteger();
    /** Messages given a tag and not yet written once: queued in the engine, or on their way to the connection. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong backlogBytes = new AtomicLong();

    /**
     * A message between its tag and its PUBACK.
     *
     * @param listener  hears of its delivery; null for none
     * @param qos       the QoS it is sent at: above 0 it counts in the backlog until acknowledged
     * @param bytes     its payload's size
     * @param duplicate a DUPLICATE_DOWNLINK fault writes it a second time (docs/faults.md)
     */
    private record Pending(DeliveryListener listener, int qos, int bytes, boolean duplicate) {
    }

    /** The tag of a message about to be sent, with what {@link Pending} says of it. */
    long next(DeliveryListener listener, int qos, int bytes, boolean duplicate) {
        long tag = tags.incrementAndGet();
        queued.incrementAndGet();
        if (listener != null || qos > 0 || duplicate) {
            unwritten.put(tag, new Pending(listener, qos, bytes, duplicate));
            if (qos > 0) {
                backlogMessages.incrementAndGet();
                backlogBytes.addAndGet(bytes);
            }
        }
        return tag;
    }

    /** The message with this tag could not be sent after all. */
    void cancel(long tag) {
        queued.decrementAndGet();
        Pending pending = unwritten.remove(tag);
        if (pending != null) {
            leaveBacklog(pending);
        }
    }

    /** Whether the message with this tag, about to be written, is to be written a second time. */
    boolean takeDuplicate(long tag) {
        Pending pending = unwritten.get(tag);
        return pending != null && pending.duplicate();
    }

    /** A message was written; the engine writes an unacknowledged one again with the same tag and packet id. */
    void written(long tag, int packetId, int qos) {
        Pending pending = unwritten.remove(tag);
        if (pending != null || qos == 0) { // its first write: only a QoS 1 message is written again
            queued.decrementAndGet();
        }
        if (pending == null) {
            return;
        }
        if (qos > 0) {
            Pending replaced = unacknowledged.put(packetId, pending);
            if (replaced != null) { // the engine reused the packet id of a message it gave up on
                leaveBacklog(replaced);
            }
        } else {
            leaveBacklog(pending);
        }
        if (pending.listener() != null) {
            pending.listener().written(qos);
        }
    }

    void acknowledged(int packetId) {
        Pending pending = unacknowledged.remove(packetId);
        if (pending == null) {
            return;
        }
        leaveBacklog(pending);
        if (pending.listener() != null) {
            pending.listener().acknowledged();
        }
    }

    private void leaveBacklog(Pending pending) {
        if (pending.qos() > 0) {
            backlogMessages.decrementAndGet();
            backlogBytes.addAndGet(-pending.bytes());
        }
    }

    /**
     * Whether the message with this tag, just given, is the only one not yet written: nothing is queued ahead of it.
     * A message the engine drops unwritten keeps this false for the rest of the connection, so every later one takes
     * the engine's path: slower, never out of order.
     */
    boolean aloneInQueue() {
        return queued.get() == 1;
    }

    /** QoS 1 messages sent and not yet acknowledged. */
    int backlogMessages() {
        return backlogMessages.get();
    }

    /** Their payload bytes. */
    long backlogBytes() {
        return backlogBytes.get();
    }
}
