package io.tbmock.client.internal;

import io.tbmock.server.WaitTimeoutException;
import io.tbmock.server.internal.waits.Expected;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.EventType;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The waits of the HTTP handle, as the in-process ones wait: check the state, and while it does not hold,
 * long-poll the journal for an event that may change it, from the position read before the check, so that
 * nothing between the check and the poll is missed. A wait longer than the server's long-poll limit polls
 * again. A timeout fails with the in-process message: what was expected, then the journal's last events.
 */
public final class JournalWaits {
    /** The admin API's longest {@code waitMs}. */
    static final Duration MAX_POLL = Duration.ofMinutes(10);
    /** How many events a failure message lists, as in-process. */
    static final int EVENTS_IN_FAILURES = 15;
    /** A journal page, as large as the admin API gives. */
    private static final int PAGE = 10_000;

    private final AdminHttp http;

    public JournalWaits(AdminHttp http) {
        this.http = http;
    }

    /** A check of the server's state: a value once the wait is over. */
    public interface Check<T> {
        CompletableFuture<Optional<T>> now();
    }

    /**
     * Completes with what {@code check} finds, checking again whenever an event {@code trigger} matches is
     * journaled; {@code expected} describes the wait (and may read the state) for the failure message.
     */
    public <T> CompletableFuture<T> until(Check<T> check, EventFilter trigger, Duration timeout, String device,
                                          Supplier<CompletableFuture<String>> expected) {
        CompletableFuture<T> result = new CompletableFuture<>();
        check(check, trigger, System.nanoTime() + timeout.toNanos(), timeout, device, expected, result);
        return result;
    }

    private <T> void check(Check<T> check, EventFilter trigger, long deadline, Duration timeout, String device,
                           Supplier<CompletableFuture<String>> expected, CompletableFuture<T> result) {
        lastSeq().thenCompose(seen -> check.now().thenCompose(value -> {
            if (value.isPresent()) {
                result.complete(value.get());
                return CompletableFuture.completedFuture(null);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return expected.get().thenCompose(description -> timedOut(description, device, timeout))
                    .thenAccept(failure -> result.completeExceptionally(failure));
            }
            return poll(trigger.after(seen).limit(1), Duration.ofNanos(left))
                .thenAccept(page -> check(check, trigger, deadline, timeout, device, expected, result));
        })).exceptionally(failure -> {
            result.completeExceptionally(failure);
            return null;
        });
    }

    /** The first event that matches, or the in-process failure, waiting as long as {@code timeout}. */
    public CompletableFuture<Event> event(EventFilter filter, Duration timeout) {
        return events(filter.limit(1), timeout).thenCompose(page -> page.events().isEmpty()
            ? timedOut(Expected.event(filter), filter.device(), timeout).thenApply(failure -> {
                throw failure;
            })
            : CompletableFuture.completedFuture(page.events().get(0)));
    }

    /** The matching events, waiting up to {@code timeout} for one to exist, over as many long polls as needed. */
    public CompletableFuture<EventPage> events(EventFilter filter, Duration timeout) {
        return events(filter, System.nanoTime() + timeout.toNanos());
    }

    private CompletableFuture<EventPage> events(EventFilter filter, long deadline) {
        long left = Math.max(0, deadline - System.nanoTime());
        return poll(filter, Duration.ofNanos(left)).thenCompose(page -> {
            if (!page.events().isEmpty() || deadline - System.nanoTime() <= 0) {
                return CompletableFuture.completedFuture(page);
            }
            return events(filter, deadline);
        });
    }

    /** One call of {@code GET /admin/events}, waiting at most the server's limit. */
    public CompletableFuture<EventPage> poll(EventFilter filter, Duration wait) {
        StringBuilder query = new StringBuilder("/events?after=").append(filter.after())
            .append("&limit=").append(filter.limit());
        if (filter.device() != null) {
            query.append("&device=").append(AdminHttp.query(filter.device()));
        }
        if (filter.transport() != null) {
            query.append("&transport=").append(filter.transport());
        }
        if (!filter.types().isEmpty()) {
            query.append("&type=").append(filter.types().stream().map(EventType::name).collect(Collectors.joining(",")));
        }
        long waitMs = AdminHttp.atMost(wait, MAX_POLL).toMillis();
        if (waitMs > 0) {
            query.append("&waitMs=").append(waitMs);
        }
        return http.get(query.toString()).thenApply(ModelJson::events);
    }

    public CompletableFuture<Long> lastSeq() {
        return http.get("/stats").thenApply(stats -> stats.get("lastSeq").asLong());
    }

    /** The in-process failure: what was expected, then the last events, the expected device's first. */
    CompletableFuture<WaitTimeoutException> timedOut(String expected, String device, Duration timeout) {
        return tail(device).thenApply(tails -> WaitTimeoutException.journalTail(timeout, expected, device,
            tails.get(0), tails.get(1)));
    }

    /** The last events of the device and of the others (of all, without a device), read through the journal. */
    private CompletableFuture<List<List<Event>>> tail(String device) {
        Deque<Event> own = new ArrayDeque<>();
        Deque<Event> others = new ArrayDeque<>();
        return readAll(0, event -> {
            Deque<Event> into = device == null || device.equals(event.device()) ? own : others;
            into.addLast(event);
            if (into.size() > EVENTS_IN_FAILURES) {
                into.removeFirst();
            }
        }).thenApply(done -> List.of(new ArrayList<>(own), new ArrayList<>(others)));
    }

    private CompletableFuture<Void> readAll(long after, Consumer<Event> each) {
        return poll(EventFilter.all().after(after).limit(PAGE), Duration.ZERO).thenCompose(page -> {
            page.events().forEach(each);
            return page.events().size() < PAGE ? CompletableFuture.completedFuture(null)
                : readAll(page.next(), each);
        });
    }
}
