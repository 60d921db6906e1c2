package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.internal.tb.SessionRegistry;
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
    private final RecordingChannel channel = new RecordingChannel();
    private final List<Long> tagsSent = channel.tagsSent;
    private final DeviceSession session = new DeviceSession(
        new DeviceEntry("id-1", "dev-1", "default", false, DeviceCredentials.token("T1"), "T1", 0, null, 10),
        "client", 4, 0, channel, null, null); // its downlinks and profile are not under test

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
        assertEquals(SendResult.SESSION_CLOSED, session.send("t", 0, new byte[0], null), "not ready yet");
        session.markReady();
        assertEquals(SendResult.SENT, session.send("t", 0, new byte[0], null));
        CompletableFuture<Void> closed = session.close("the test closes it", ReasonCode.NONE);
        assertEquals(List.of("the test closes it"), channel.closedFor);
        assertFalse(session.isOpen());
        assertEquals(SendResult.SESSION_CLOSED, session.send("t", 0, new byte[0], null), "closing");
        assertEquals(1, tagsSent.size());
        assertFalse(closed.isDone(), "done once the transport says the connection is gone");
        session.markClosed(new SessionRegistry());
        assertTrue(closed.isDone());
    }

    @Test
    void aDeviceThatDoesNotReadIsSentNoQos0AndAtMostTheBacklogBoundOfQos1() {
        session.markReady();
        channel.writable = false;
        assertEquals(SendResult.DEVICE_NOT_READING, session.send("t", 0, new byte[1], null));
        for (int i = 0; i < DeviceSession.MAX_BACKLOG_MESSAGES; i++) {
            assertEquals(SendResult.SENT, session.send("t", 1, new byte[1], null), "message " + i);
        }
        assertEquals(SendResult.BACKLOG_FULL, session.send("t", 1, new byte[1], null));
        long first = tagsSent.get(0);
        session.written(first, 1, 1);
        session.written(first, 1, 1); // the engine's resend of the same message
        assertEquals(SendResult.BACKLOG_FULL, session.send("t", 1, new byte[1], null), "written is not acknowledged");
        session.acknowledged(1);
        assertEquals(SendResult.SENT, session.send("t", 1, new byte[1], null), "one acknowledged frees one");
        assertEquals(SendResult.BACKLOG_FULL, session.send("t", 1, new byte[1], null));
    }

    @Test
    void theBacklogIsBoundedInBytesToo() {
        session.markReady();
        byte[] mebibyte = new byte[1024 * 1024];
        for (int i = 0; i < DeviceSession.MAX_BACKLOG_BYTES / mebibyte.length; i++) {
            assertEquals(SendResult.SENT, session.send("t", 1, mebibyte, null));
        }
        assertEquals(SendResult.BACKLOG_FULL, session.send("t", 1, new byte[1], null));
        session.written(tagsSent.get(0), 5, 1);
        session.acknowledged(5);
        assertEquals(SendResult.SENT, session.send("t", 1, mebibyte, null));
    }

    @Test
    void aSingleMessageLargerThanTheBoundIsSentWhenNothingWaits() {
        session.markReady();
        byte[] wholeFirmware = new byte[(int) DeviceSession.MAX_BACKLOG_BYTES + 1];
        assertEquals(SendResult.SENT, session.send("t", 1, wholeFirmware, null));
        assertEquals(SendResult.BACKLOG_FULL, session.send("t", 1, new byte[1], null));
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
