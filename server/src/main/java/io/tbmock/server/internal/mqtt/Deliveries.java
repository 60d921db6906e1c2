package io.tbmock.server.internal.mqtt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages of one connection awaiting their write, then (QoS 1) their PUBACK: delivery tags are
 * numbered per connection, and the transport reports by tag which was written with which packet id. A
 * gateway's children send on the gateway's connection, so they share its deliveries.
 *
 * <p>It also keeps the connection's backlog: QoS 1 messages sent and not yet acknowledged, which the engine
 * holds until the device acknowledges them. A device that stops reading would otherwise grow it without end.
 *
 * <p>A fleet of idle sessions is what this is sized for: the two maps are made at the first message that needs
 * them, and the counters are fields updated through {@link VarHandle}s rather than atomic objects of their own
 * (together some 200 bytes less for each connection that is sent nothing).
 */
final class Deliveries {
    private static final VarHandle TAGS;
    private static final VarHandle QUEUED;
    private static final VarHandle BACKLOG_MESSAGES;
    private static final VarHandle BACKLOG_BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAGS = lookup.findVarHandle(Deliveries.class, "tags", long.class);
            QUEUED = lookup.findVarHandle(Deliveries.class, "queued", int.class);
            BACKLOG_MESSAGES = lookup.findVarHandle(Deliveries.class, "backlogMessages", int.class);
            BACKLOG_BYTES = lookup.findVarHandle(Deliveries.class, "backlogBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long tags;
    /** Messages given a tag and not yet written once: queued in the engine, or on their way to the connection. */
    private volatile int queued;
    private volatile int backlogMessages;
    private volatile long backlogBytes;
    /** Made at the first message that needs it. */
    private volatile Pendings pendings;

    /** The messages between their tag and their PUBACK that someone waits on, that count or are sent twice. */
    private static final class Pendings {
        /** By tag, until written. */
        final Map<Long, Pending> unwritten = new ConcurrentHashMap<>();
        /** By packet id, from their write until their PUBACK: the QoS 1 messages among them. */
        final Map<Integer, Pending> unacknowledged = new ConcurrentHashMap<>();
    }

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
        long tag = (long) TAGS.getAndAdd(this, 1L) + 1;
        QUEUED.getAndAdd(this, 1);
        if (listener != null || qos > 0 || duplicate) {
            pendings().unwritten.put(tag, new Pending(listener, qos, bytes, duplicate));
            if (qos > 0) {
                BACKLOG_MESSAGES.getAndAdd(this, 1);
                BACKLOG_BYTES.getAndAdd(this, (long) bytes);
            }
        }
        return tag;
    }

    /** The message with this tag could not be sent after all. */
    void cancel(long tag) {
        QUEUED.getAndAdd(this, -1);
        Pending pending = removeUnwritten(tag);
        if (pending != null) {
            leaveBacklog(pending);
        }
    }

    /** Whether the message with this tag, about to be written, is to be written a second time. */
    boolean takeDuplicate(long tag) {
        Pendings made = pendings;
        Pending pending = made == null ? null : made.unwritten.get(tag);
        return pending != null && pending.duplicate();
    }

    /** A message was written; the engine writes an unacknowledged one again with the same tag and packet id. */
    void written(long tag, int packetId, int qos) {
        Pending pending = removeUnwritten(tag);
        if (pending != null || qos == 0) { // its first write: only a QoS 1 message is written again
            QUEUED.getAndAdd(this, -1);
        }
        if (pending == null) {
            return;
        }
        if (qos > 0) {
            Pending replaced = pendings().unacknowledged.put(packetId, pending);
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
        Pendings made = pendings;
        Pending pending = made == null ? null : made.unacknowledged.remove(packetId);
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
            BACKLOG_MESSAGES.getAndAdd(this, -1);
            BACKLOG_BYTES.getAndAdd(this, (long) -pending.bytes());
        }
    }

    private Pending removeUnwritten(long tag) {
        Pendings made = pendings;
        return made == null ? null : made.unwritten.remove(tag);
    }

    private Pendings pendings() {
        Pendings made = pendings;
        if (made == null) {
            synchronized (this) {
                if (pendings == null) {
                    pendings = new Pendings();
                }
                made = pendings;
            }
        }
        return made;
    }

    /**
     * Whether the message with this tag, just given, is the only one not yet written: nothing is queued ahead of it.
     * A message the engine drops unwritten keeps this false for the rest of the connection, so every later one takes
     * the engine's path: slower, never out of order.
     */
    boolean aloneInQueue() {
        return queued == 1;
    }

    /** QoS 1 messages sent and not yet acknowledged. */
    int backlogMessages() {
        return backlogMessages;
    }

    /** Their payload bytes. */
    long backlogBytes() {
        return backlogBytes;
    }
}
