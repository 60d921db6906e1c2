package io.tbmock.server.internal.state;

import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Flushable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJournalTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void listenersFallingFarBehindAreNotToldMoreSoTheBacklogStaysBounded() {
        Queue<Runnable> notifications = new ArrayDeque<>(); // a listener thread that has not run yet
        EventJournal journal = new EventJournal(100_000, scheduler, notifications::add, () -> 0);
        List<Long> heard = new ArrayList<>();
        journal.listen(event -> heard.add(event.seq()));
        for (int i = 0; i < 10_005; i++) {
            append(journal, "d", EventType.TELEMETRY);
        }
        assertEquals(1, notifications.size(), "one hand-off to the listeners' thread for the whole flood");
        for (Runnable next; (next = notifications.poll()) != null; ) {
            next.run();
        }
        assertEquals(10_000, heard.size(), "the backlog is bounded");
        assertEquals(1, heard.get(0));
        assertEquals(10_005, journal.size(), "the journal has every event, told or not");
        append(journal, "d", EventType.TELEMETRY);
        assertEquals(1, notifications.size(), "caught up, the listeners are told again");
    }

    @Test
    void aFlushableListenerIsFlushedAfterEachBatchOfEvents() {
        Queue<Runnable> notifications = new ArrayDeque<>();
        EventJournal journal = new EventJournal(100, scheduler, notifications::add, () -> 0);
        List<String> calls = new ArrayList<>();
        class Console implements Consumer<Event>, Flushable {
            @Override
            public void accept(Event event) {
                calls.add("event " + event.seq());
            }

            @Override
            public void flush() {
                calls.add("flush");
            }
        }
        journal.listen(new Console());
        append(journal, "d", EventType.TELEMETRY);
        append(journal, "d", EventType.TELEMETRY);
        notifications.poll().run();
        append(journal, "d", EventType.TELEMETRY);
        notifications.poll().run();
        assertEquals(List.of("event 1", "event 2", "flush", "event 3", "flush"), calls);
        assertTrue(notifications.isEmpty());
    }

    @Test
    void beyondItsCapacityTheOldestEventsAreDroppedButSequenceNumbersGoOn() {
        EventJournal journal = new EventJournal(8, scheduler, Runnable::run, () -> 0);
        for (int i = 0; i < 20; i++) {
            append(journal, "d", EventType.TELEMETRY);
        }
        EventPage all = journal.read(EventFilter.all());
        assertTrue(all.events().size() >= 8 && all.events().size() <= 9, "bounded with an eighth of slack");
        assertEquals(20, all.events().get(all.events().size() - 1).seq());
        assertEquals(20 - all.events().size(), journal.dropped());
        assertEquals(20, all.next());
        journal.clear();
        assertEquals(21, append(journal, "d", EventType.TELEMETRY));
    }

    @Test
    void aReadAfterDroppedEventsStartsAtTheOldestKept() {
        EventJournal journal = new EventJournal(8, scheduler, Runnable::run, () -> 0);
        for (int i = 0; i < 20; i++) {
            append(journal, "d", EventType.TELEMETRY);
        }
        EventPage page = journal.read(EventFilter.all().after(2).limit(1));
        assertEquals(journal.read(EventFilter.all()).events().get(0).seq(), page.events().get(0).seq());
    }

    @Test
    void aWaitCompletesWithTheFirstMatchingEventOnly() throws Exception {
        EventJournal journal = new EventJournal(100, scheduler, Runnable::run, () -> 0);
        CompletableFuture<EventPage> wait = journal.await(EventFilter.all().device("b"), Duration.ofMinutes(1));
        append(journal, "a", EventType.TELEMETRY);
        assertFalse(wait.isDone());
        append(journal, "b", EventType.ATTRIBUTES);
        EventPage page = wait.get(5, TimeUnit.SECONDS);
        assertEquals(1, page.events().size());
        assertEquals(2, page.next());
    }

    @Test
    void aTimedOutWaitMovesNextPastWhatItSaw() throws Exception {
        EventJournal journal = new EventJournal(100, scheduler, Runnable::run, () -> 0);
        append(journal, "a", EventType.TELEMETRY);
        EventPage page = journal.await(EventFilter.all().device("b"), Duration.ofMillis(50)).get(5, TimeUnit.SECONDS);
        assertEquals(0, page.events().size());
        assertEquals(1, page.next());
    }

    private static long append(EventJournal journal, String device, EventType type) {
        return journal.append(device, "c", Event.MQTT, Direction.IN, type, "t", "{}", null).seq();
    }
}
