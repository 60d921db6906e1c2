package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.model.DeviceCredentials;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery reports by packet id, and what a closing session accepts. */
class DeviceSessionTest {
    private final List<Long> tagsSent = new ArrayList<>();
    private final List<String> closedFor = new ArrayList<>();
    private final DeviceSession session = new DeviceSession(
        new DeviceEntry("id-1", "dev-1", "default", false, DeviceCredentials.token("T1"), "T1", 0, null, 10),
        "client", 4, 0, new DeviceChannel() {
            @Override
            public boolean send(long deliveryTag, String topic, int qos, byte[] payload) {
                tagsSent.add(deliveryTag);
                return true;
            }

            @Override
            public void close(String reason, int reasonCode) {
                closedFor.add(reason);
            }
        });

    @Test
    void anAcknowledgementSettlesTheMessageWrittenWithItsPacketIdNotAnotherOnTheSameTopic() {
        session.markReady();
        List<String> heard = new ArrayList<>();
        session.send("v2/fw/error", 1, new byte[0], null);
        session.send("v2/fw/error", 1, new byte[0], listener(heard));
        long first = tagsSent.get(0);
        long second = tagsSent.get(1);
        session.written(first, 7, 1);
        assertEquals(List.of(), heard, "the first message on the topic is not the one listened to");
        session.written(second, 8, 1);
        assertEquals(List.of("written 1"), heard);
        session.acknowledged(7);
        assertEquals(List.of("written 1"), heard);
        session.acknowledged(8);
        assertEquals(List.of("written 1", "acknowledged"), heard);
    }

    @Test
    void nothingIsSentBeforeReadyNorOnceClosing() {
        assertFalse(session.send("t", 0, new byte[0], null), "not ready yet");
        session.markReady();
        assertTrue(session.send("t", 0, new byte[0], null));
        CompletableFuture<Void> closed = session.close("the test closes it", ReasonCode.NONE);
        assertEquals(List.of("the test closes it"), closedFor);
        assertFalse(session.isOpen());
        assertFalse(session.send("t", 0, new byte[0], null), "closing");
        assertEquals(1, tagsSent.size());
        assertFalse(closed.isDone(), "done once the transport says the connection is gone");
        session.markClosed();
        assertTrue(closed.isDone());
    }

    private static DeliveryListener listener(List<String> heard) {
        return new DeliveryListener() {
            @Override
            public void written(int qos) {
                heard.add("written " + qos);
            }

            @Override
            public void acknowledged() {
                heard.add("acknowledged");
            }
        };
    }
}
