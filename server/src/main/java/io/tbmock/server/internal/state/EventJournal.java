package io.tbmock.server.internal.state;

import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Flushable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The append-only sequence of every exchange the mock saw or sent, and the waits built on it.
 *
 * <p>Waits never block a thread: {@link #await} registers a future that the next matching {@link #append}
 * completes, or the scheduler completes empty at the timeout. Futures are completed on {@code notifier},
 * so code chained onto them never runs on an MQTT event loop.
 *
 * <p>Bounded: beyond {@code capacity} events, or {@link #MAX_PAYLOAD_CHARS} characters of payload (each
 * with an eighth of slack), the oldest events are dropped and counted in {@link #dropped()}.
 */
public final class EventJournal {
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    /** Events handed to the listeners' thread and not yet told; beyond this, events are not told. */
    private static final int MAX_LISTENER_BACKLOG = 10_000;

    static final long MAX_PAYLOAD_CHARS = 64L * 1024 * 1024;

    private final int capacity;
    private final ScheduledExecutorService scheduler;
    private final Executor notifier;
    private final Duration listenerBatch;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Event> untold = new ConcurrentLinkedQueue<>();
    /** Set while a task telling the untold events is queued or running. */
    private final AtomicBoolean telling = new AtomicBoolean();
    private final AtomicInteger listenerBacklog = new AtomicInteger();
    private final AtomicLong listenersMissed = new AtomicLong();
    private final LongSupplier clock;

    // Guarded by this. Sequence numbers in `events` are contiguous, so a position is seq - first seq.
    private final ArrayList<Event> events = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long lastSeq;
    private long payloadChars;
    private long dropped;
    /** Set once the server stopped: waits fail with it, and no new wait starts. */
    private RuntimeException closed;

    public EventJournal(int capacity, ScheduledExecutorService scheduler, Executor notifier, LongSupplier clock) {
        this(capacity, scheduler, notifier, Duration.ZERO, clock);
    }

    /**
     * @param listenerBatch how late listeners may hear an event: a little later lets events gather into bigger
     *                      batches, so a flood wakes the listeners' thread seldom instead of once an event
     */
    public EventJournal(int capacity, ScheduledExecutorService scheduler, Executor notifier, Duration listenerBatch,
                        LongSupplier clock) {
        this.capacity = capacity;
        this.scheduler = scheduler;
        this.notifier = notifier;
        this.listenerBatch = listenerBatch;
        this.clock = clock;
    }

    /**
     * An event of a device's own exchange.
     *
     * @param transport how the device spoke ({@link Event#MQTT}, {@link Event#HTTP}); null for what the server
     *                  did on its own
     */
    public Event append(String device, String clientId, String transport, Direction direction, EventType type,
                        String topic, String payload, String error) {
        return append(device, null, clientId, transport, direction, type, topic, payload, error);
    }

    /** An event of a gateway's child: {@code gateway} names the gateway whose connection carried it. */
    public Event append(String device, String gateway, String clientId, String transport, Direction direction,
                        EventType type, String topic, String payload, String error) {
        return append(device, gateway, clientId, transport, direction, type, topic, payload, null, error);
    }

    /**
     * An event of a binary payload: {@code payload} is how it reads (JSON), {@code raw} the bytes, kept in base64;
     * null raw for a text payload.
     */
    public Event append(String device, String gateway, String clientId, String transport, Direction direction,
                        EventType type, String topic, String payload, byte[] raw, String error) {
        List<Waiter> satisfied = null;
        Event event;
        String base64 = raw == null ? null : Base64.getEncoder().encodeToString(raw);
        synchronized (this) {
            event = new Event(++lastSeq, clock.getAsLong(), device, gateway, clientId, direction, type, topic, payload,
                error, transport, base64);
            events.add(event);
            payloadChars += payloadSize(event);
            trim();
            if (!listeners.isEmpty()) {
                notifyListeners(event); // in here, so listeners hear events in order
            }
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (waiter.filter.matches(event)) {
                    it.remove();
                    waiter.page = read(waiter.filter);
                    if (satisfied == null) {
                        satisfied = new ArrayList<>();
                    }
                    satisfied.add(waiter);
                }
            }
        }
        if (satisfied != null) {
            satisfied.forEach(this::complete);
        }
        return event;
    }

    /**
     * Tells {@code listener} of every event from now on, in order, on the journal's notifier thread (never an
     * event loop); a listener that throws is logged and kept. Events come in batches (as many as arrived
     * meanwhile); a listener that is also {@link Flushable} is flushed after each batch, so it can write a
     * batch at once.
     */
    public void listen(Consumer<Event> listener) {
        listeners.add(listener);
    }

    public void unlisten(Consumer<Event> listener) {
        listeners.remove(listener);
    }

    /**
     * Hands the event to the listeners' thread, unless they are {@link #MAX_LISTENER_BACKLOG} events behind (a
     * console that cannot keep up with a flood): then it is not told, so the backlog cannot eat the heap, and
     * the loss is logged. The thread is woken only when it is not already telling: a flood costs a queue
     * insertion per event, not a thread hand-off.
     */
    private void notifyListeners(Event event) {
        if (listenerBacklog.incrementAndGet() > MAX_LISTENER_BACKLOG) {
            listenerBacklog.decrementAndGet();
            long untold = listenersMissed.incrementAndGet();
            if (untold == 1 || untold % MAX_LISTENER_BACKLOG == 0) {
                LOG.warn("Event listeners are {} events behind: {} events were not told to them (the journal has them)",
                    MAX_LISTENER_BACKLOG, untold);
            }
            return;
        }
        untold.add(event);
        if (telling.compareAndSet(false, true)) {
            scheduleTelling();
        }
    }

    private void scheduleTelling() {
        if (listenerBatch.isZero()) {
            notifier.execute(this::tellUntold);
            return;
        }
        try {
            scheduler.schedule(() -> notifier.execute(this::tellUntold), listenerBatch.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: close() tells what is left
        }
    }

    /** Tells the listeners every event queued for them, then flushes those that are {@link Flushable}. */
    private void tellUntold() {
        do {
            for (Event event = untold.poll(); event != null; event = untold.poll()) {
                listenerBacklog.decrementAndGet();
                tell(event);
            }
            flushListeners();
            telling.set(false);
            // An event queued after the last poll and before the flag was cleared found the flag set: tell it too.
        } while (!untold.isEmpty() && telling.compareAndSet(false, true));
    }

    private void tell(Event event) {
        for (Consumer<Event> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("An event listener failed on {}", event, e);
            }
        }
    }

    private void flushListeners() {
        for (Consumer<Event> listener : listeners) {
            if (listener instanceof Flushable flushable) {
                try {
                    flushable.flush();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("An event listener failed to flush", e);
                }
            }
        }
    }

    /** The matching events recorded so far. */
    public synchronized EventPage read(EventFilter filter) {
        List<Event> found = new ArrayList<>();
        long next = Math.max(filter.after(), firstSeq() - 1);
        for (int i = positionAfter(filter.after()); i < events.size(); i++) {
            Event event = events.get(i);
            next = event.seq();
            if (filter.matches(event)) {
                found.add(event);
                if (found.size() == filter.limit()) {
                    break;
                }
            }
        }
        return new EventPage(found, Math.max(next, filter.after()));
    }

    /** Completes with the matching events as soon as there is one, or with an empty page at the timeout. */
    public CompletableFuture<EventPage> await(EventFilter filter, Duration timeout) {
        Waiter waiter = new Waiter(filter);
        synchronized (this) {
            if (closed != null) {
                return CompletableFuture.failedFuture(closed);
            }
            EventPage now = read(filter);
            if (!now.events().isEmpty() || timeout.isZero() || timeout.isNegative()) {
                return CompletableFuture.completedFuture(now);
            }
            waiters.add(waiter);
        }
        waiter.timeout = scheduler.schedule(() -> expire(waiter), timeout.toNanos(), TimeUnit.NANOSECONDS);
        return waiter.future;
    }

    /** The last {@code count} events of the device (of every device when null), oldest first. */
    public synchronized List<Event> tail(String device, int count) {
        return lastMatching(count, event -> device == null || device.equals(event.device()));
    }

    /** The last {@code count} events not of the device, oldest first. */
    public synchronized List<Event> tailExcept(String device, int count) {
        return lastMatching(count, event -> !device.equals(event.device()));
    }

    private List<Event> lastMatching(int count, Predicate<Event> matches) {
        ArrayDeque<Event> last = new ArrayDeque<>();
        for (int i = events.size() - 1; i >= 0 && last.size() < count; i--) {
            if (matches.test(events.get(i))) {
                last.addFirst(events.get(i));
            }
        }
        return new ArrayList<>(last);
    }

    /** Forgets every event and the count of dropped ones; sequence numbers continue, so a reader's {@code after} stays valid. */
    public synchronized void clear() {
        events.clear();
        payloadChars = 0;
        dropped = 0;
    }

    /** Events dropped since the last {@link #clear()} because the journal was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Events kept now. */
    public synchronized int size() {
        return events.size();
    }

    /** Waits in progress: futures an event or their timeout will complete. */
    public synchronized int pendingWaits() {
        return waiters.size();
    }

    /**
     * The server stopped: every wait in progress fails with {@code failure}, and so does every new one; the
     * listeners are told the events not told yet (the last disconnects) without waiting for their batch.
     */
    public void close(RuntimeException failure) {
        List<Waiter> pending;
        synchronized (this) {
            closed = failure;
            pending = new ArrayList<>(waiters);
            waiters.clear();
        }
        pending.forEach(waiter -> {
            if (waiter.timeout != null) {
                waiter.timeout.cancel(false);
            }
            waiter.future.completeExceptionally(failure);
        });
        notifier.execute(this::tellUntold);
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    private void expire(Waiter waiter) {
        synchronized (this) {
            if (!waiters.remove(waiter)) {
                return;
            }
            waiter.page = new EventPage(List.of(), Math.max(waiter.filter.after(), lastSeq));
        }
        complete(waiter);
    }

    private void complete(Waiter waiter) {
        if (waiter.timeout != null) {
            waiter.timeout.cancel(false);
        }
        EventPage page = waiter.page;
        notifier.execute(() -> waiter.future.complete(page));
    }

    private long firstSeq() {
        return events.isEmpty() ? lastSeq + 1 : events.get(0).seq();
    }

    private int positionAfter(long seq) {
        long position = seq - firstSeq() + 1;
        return (int) Math.max(0, Math.min(position, events.size()));
    }

    /**
     * Drops the oldest events once the journal is an eighth over its bounds, down to the bounds: dropping
     * in batches keeps an append O(1) on average instead of shifting the whole list every time.
     */
    private void trim() {
        long slack = Math.max(1, capacity / 8);
        if (events.size() <= capacity + slack && payloadChars <= MAX_PAYLOAD_CHARS + MAX_PAYLOAD_CHARS / 8) {
            return;
        }
        int excess = 0;
        while (events.size() - excess > capacity
            || (payloadChars > MAX_PAYLOAD_CHARS && events.size() - excess > 1)) {
            payloadChars -= payloadSize(events.get(excess));
            excess++;
        }
        events.subList(0, excess).clear();
        dropped += excess;
    }

    private static long payloadSize(Event event) {
        return (event.payload() == null ? 0 : event.payload().length())
            + (event.payloadBase64() == null ? 0 : event.payloadBase64().length());
    }

    private static final class Waiter {
        final EventFilter filter;
        final CompletableFuture<EventPage> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;
        EventPage page;

        Waiter(EventFilter filter) {
            this.filter = filter;
        }
    }
}
