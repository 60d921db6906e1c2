package io.tbmock.server.internal.state;

import io.tbmock.server.TbMockException;
import io.tbmock.server.WaitTimeoutException;
import io.tbmock.server.internal.waits.Expected;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waiting for the mock's state, without holding a thread: every wait is a future, completed by the event
 * that satisfies it or failed at its timeout by the scheduler with a {@link WaitTimeoutException} that says
 * what was expected and what the journal recorded instead. The blocking waits of the Java API are
 * {@link #block} of these futures.
 */
public final class Waits {
    /** How many events a failure message lists. */
    static final int EVENTS_IN_FAILURES = 15;

    private final EventJournal journal;
    private final ScheduledExecutorService scheduler;

    public Waits(EventJournal journal, ScheduledExecutorService scheduler) {
        this.journal = journal;
        this.scheduler = scheduler;
    }

    /** What a wait waits for, for the journal's and the failure message's sake. */
    public record Expectation(String description, String device) {
    }

    /**
     * Completes with the value {@code state} yields, checking it now and again whenever an event that
     * {@code trigger} matches is journaled. The journal's position is read before each check, so an event
     * between a check and the wait is not missed.
     */
    public <T> CompletableFuture<T> until(Supplier<Optional<T>> state, EventFilter trigger, Duration timeout,
                                          Supplier<Expectation> expectation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        check(state, trigger, System.nanoTime() + timeout.toNanos(), timeout, expectation, result);
        return result;
    }

    private <T> void check(Supplier<Optional<T>> state, EventFilter trigger, long deadline, Duration timeout,
                           Supplier<Expectation> expectation, CompletableFuture<T> result) {
        try {
            long seen = journal.lastSeq();
            Optional<T> value = state.get();
            if (value.isPresent()) {
                result.complete(value.get());
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                result.completeExceptionally(timedOut(expectation.get(), timeout));
                return;
            }
            journal.await(trigger.after(seen), Duration.ofNanos(left)).whenComplete((page, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    check(state, trigger, deadline, timeout, expectation, result);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** {@code future}, or a {@link WaitTimeoutException} if it is not done within {@code timeout}. */
    public <T> CompletableFuture<T> within(CompletableFuture<T> future, Duration timeout,
                                           Supplier<Expectation> expectation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        var timer = scheduler.schedule(() -> result.completeExceptionally(timedOut(expectation.get(), timeout)),
            timeout.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((value, failure) -> {
            timer.cancel(false);
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /** The first event that matches, or a {@link WaitTimeoutException}. */
    public CompletableFuture<Event> event(EventFilter filter, Duration timeout) {
        return journal.await(filter.limit(1), timeout).thenApply(page -> {
            if (page.events().isEmpty()) {
                throw timedOut(new Expectation(Expected.event(filter), filter.device()), timeout);
            }
            return page.events().get(0);
        });
    }

    /** The failure of a wait: what was expected, then the journal's last events. */
    public WaitTimeoutException timedOut(Expectation expectation, Duration timeout) {
        String device = expectation.device();
        return WaitTimeoutException.journalTail(timeout, expectation.description(), device,
            journal.tail(device, EVENTS_IN_FAILURES),
            device == null ? List.of() : journal.tailExcept(device, EVENTS_IN_FAILURES));
    }

    /**
     * Waits for {@code future} on the calling thread (never a server thread) and returns its value; its
     * failure is thrown as the {@link TbMockException} it is, with the caller's stack, so a failed test
     * points at its own line.
     */
    public static <T> T block(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TbMockException("interrupted while waiting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TbMockException tbMock) {
                tbMock.fillInStackTrace();
                throw tbMock;
            }
            throw new TbMockException(cause.getMessage(), cause);
        }
    }
}
