package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventType;

import java.nio.charset.StandardCharsets;

/**
 * Journals what passes between a device session and the server, and sends to the device: every rule
 * records its exchanges the same way through here.
 */
public final class Exchanges {
    private final EventJournal journal;

    public Exchanges(EventJournal journal) {
        this.journal = journal;
    }

    /** Records something the device sent. */
    void received(DeviceContext from, EventType type, String topic, byte[] payload, String error) {
        received(from, type, topic, new String(payload, StandardCharsets.UTF_8), error);
    }

    /** Records something the device sent, given as text (a gateway's message, one child's part of it). */
    void received(DeviceContext from, EventType type, String topic, String payload, String error) {
        journal.append(from.device().name(), from.gatewayName(), from.clientId(), from.transport(), Direction.IN, type,
            topic, payload, error);
    }

    /** Records something the server answered a request with, on the transport it came by (an HTTP response). */
    void answered(DeviceContext to, EventType type, String topic, String payload, String error) {
        journal.append(to.device().name(), to.gatewayName(), to.clientId(), to.transport(), Direction.OUT, type, topic,
            payload, error);
    }

    /** Records a refused publish and answers with {@code result}. */
    UplinkResult reject(DeviceSession session, String topic, byte[] payload, UplinkResult result, String reason) {
        received(session, EventType.REJECTED, topic, payload, reason);
        return result;
    }

    UplinkResult notYetSupported(DeviceSession session, String topic, byte[] payload, String what) {
        return reject(session, topic, payload, UplinkResult.ACK,
            what + " is not supported by this tbmock version yet: acknowledged and dropped");
    }

    /**
     * Records a message to the device and sends it at the QoS its subscriptions give the topic. Recorded
     * first, so whatever the device received is already in the journal; a send that fails is recorded again
     * with the reason. A session that is closed, or closing, is sent nothing and nothing is recorded for it.
     *
     * @return whether it was handed to the device's session
     */
    boolean send(DeviceSession session, EventType type, String topic, String payload) {
        return send(session, type, topic, payload, null) == SendResult.SENT;
    }

    /**
     * {@link #send(DeviceSession, EventType, String, String)}, telling {@code listener} of its delivery.
     *
     * @return what became of it
     */
    SendResult send(DeviceSession session, EventType type, String topic, String payload, DeliveryListener listener) {
        return sendBytes(session, type, topic, payload.getBytes(StandardCharsets.UTF_8), payload, listener);
    }

    /** {@link #send} for a binary payload, journaled as {@code description}. */
    SendResult sendBytes(DeviceSession session, EventType type, String topic, byte[] payload, String description,
                         DeliveryListener listener) {
        if (!session.isOpen()) {
            return SendResult.SESSION_CLOSED;
        }
        String gateway = session.gatewayName();
        journal.append(session.device().name(), gateway, session.clientId(), Event.MQTT, Direction.OUT, type, topic,
            description, null);
        SendResult result = session.send(topic, session.qosFor(topic), payload, listener);
        if (result != SendResult.SENT && result != SendResult.SESSION_CLOSED) {
            journal.append(session.device().name(), gateway, session.clientId(), Event.MQTT, Direction.OUT, type, topic,
                description, "could not be sent: " + result.reason());
        }
        return result;
    }

    /** Records what the server side did to a device without a message to it (a rename). */
    void done(String device, EventType type, String description) {
        journal.append(device, null, null, Direction.OUT, type, null, description, null);
    }

    /** Records that what the server waited for from a device did not come in time. */
    void timedOut(String device, EventType type, String description, String why) {
        journal.append(device, null, null, Direction.OUT, type, null, description, why);
    }

    /** Records something sent (or meant to be sent) to a device that has no session to send on. */
    void notSent(String device, EventType type, String topic, String payload, String why) {
        journal.append(device, null, null, Direction.OUT, type, topic, payload, why);
    }
}
