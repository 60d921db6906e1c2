package io.tbmock.client.internal;

import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Event listeners of the HTTP handle: while there is one, a chain of long polls of the journal, each from
 * where the last ended, hands every new event to every listener in journal order. No thread waits between
 * events; the listeners run on the HTTP client's threads.
 */
public final class EventFeed {
    private static final Logger LOG = Logger.getLogger(EventFeed.class.getName());
    /** A page of the journal; long polls return as soon as there is one event, so most pages are small. */
    private static final int PAGE = 1000;
    /** How long one poll may wait: short enough that a removed last listener ends the chain soon. */
    private static final Duration POLL = Duration.ofSeconds(30);

    private final JournalWaits journal;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private boolean running;

    public EventFeed(JournalWaits journal) {
        this.journal = journal;
    }

    /** Starts telling {@code listener} of the events journaled from now on. */
    public void add(Consumer<Event> listener) {
        synchronized (this) {
            listeners.add(listener);
            if (running) {
                return;
            }
            running = true;
        }
        pollAfter(AdminHttp.join(journal.lastSeq()));
    }

    public synchronized void remove(Consumer<Event> listener) {
        listeners.remove(listener);
    }

    /** No listener is told more; a poll still under way ends quietly. */
    public synchronized void clear() {
        listeners.clear();
    }

    private void pollAfter(long seq) {
        synchronized (this) {
            if (listeners.isEmpty()) {
                running = false;
                return;
            }
        }
        CompletableFuture<EventPage> page = journal.poll(EventFilter.all().after(seq).limit(PAGE), POLL);
        page.whenComplete((events, failure) -> {
            if (failure != null) {
                synchronized (this) {
                    running = false;
                    if (listeners.isEmpty()) {
                        return;
                    }
                }
                LOG.log(Level.WARNING, "event listeners: reading tbmock's journal failed; they are told no more",
                    failure);
                return;
            }
            for (Event event : events.events()) {
                for (Consumer<Event> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "An event listener failed on " + event, e);
                    }
                }
            }
            pollAfter(events.next());
        });
    }
}
