package io.tbmock.server.internal.mqtt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What decides whether a QoS 0 message may skip the engine's queue: nothing given before it still unwritten. */
class DeliveriesTest {
    private final Deliveries deliveries = new Deliveries();

    @Test
    void aMessageIsAloneUntilAnotherIsGivenBeforeItsWrite() {
        long first = deliveries.next(null, 0, 10, false);
        assertTrue(deliveries.aloneInQueue());
        deliveries.next(null, 0, 10, false);
        assertFalse(deliveries.aloneInQueue(), "the first is still on its way");
        deliveries.written(first, 0, 0);
        assertTrue(deliveries.aloneInQueue(), "the second is all that is left");
    }

    @Test
    void aQos1MessageHeldUnwrittenKeepsLaterOnesBehindIt() {
        long held = deliveries.next(null, 1, 10, false);
        long cancelled = deliveries.next(null, 0, 10, false);
        deliveries.cancel(cancelled);
        deliveries.next(null, 0, 10, false);
        assertFalse(deliveries.aloneInQueue());
        deliveries.written(held, 7, 1);
        deliveries.written(held, 7, 1); // the engine writes it again after a reconnect: not a second first write
        assertTrue(deliveries.aloneInQueue());
        assertEquals(1, deliveries.backlogMessages(), "still counted until its PUBACK");
        deliveries.acknowledged(7);
        assertEquals(0, deliveries.backlogMessages());
    }
}
