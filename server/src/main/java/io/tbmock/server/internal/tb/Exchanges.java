package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.EventType;

/**
 * Journals what passes between a device and the server, whatever the transport: every rule records its exchanges
 * the same way through here.
 */
public final class Exchanges {
    private final EventJournal journal;

    public Exchanges(EventJournal journal) {
        this.journal = journal;
    }

    /** Records something the device sent, as its codec reads it (a binary payload raw too). */
    public void received(DeviceContext from, EventType type, String topic, byte[] payload, String error) {
        PayloadCodec codec = from.codec();
        journal.append(from.device().name(), from.gatewayName(), from.clientId(), from.transport(), Direction.IN, type,
            topic, codec.describe(type, payload), codec.binary() ? payload : null, error);
    }

    /** Records something the device sent, given as text (a gateway's message, one child's part of it). */
    public void received(DeviceContext from, EventType type, String topic, String payload, String error) {
        received(from, type, topic, payload, null, error);
    }

    /** {@link #received(DeviceContext, EventType, String, String, String)} of binary {@code raw} read as {@code payload}. */
    public void received(DeviceContext from, EventType type, String topic, String payload, byte[] raw, String error) {
        journal.append(from.device().name(), from.gatewayName(), from.clientId(), from.transport(), Direction.IN, type,
            topic, payload, raw, error);
    }

    /**
     * Records something sent to the device on the transport it speaks (an MQTT message, an HTTP answer), or
     * that failed to go out, with {@code error} saying why.
     */
    public void sent(DeviceContext to, EventType type, String topic, String payload, String error) {
        sent(to, type, topic, payload, null, error);
    }

    /** {@link #sent(DeviceContext, EventType, String, String, String)} of binary {@code raw} read as {@code payload}. */
    public void sent(DeviceContext to, EventType type, String topic, String payload, byte[] raw, String error) {
        journal.append(to.device().name(), to.gatewayName(), to.clientId(), to.transport(), Direction.OUT, type, topic,
            payload, raw, error);
    }

    /** Records what the server side did to a device without a message to it (a rename). */
    public void done(String device, EventType type, String description) {
        journal.append(device, null, null, Direction.OUT, type, null, description, null);
    }

    /** Records that what the server waited for from a device did not come in time. */
    public void timedOut(String device, EventType type, String description, String why) {
        journal.append(device, null, null, Direction.OUT, type, null, description, why);
    }

    /** Records something sent (or meant to be sent) to a device that has no session to send on. */
    public void notSent(String device, EventType type, String topic, String payload, String why) {
        journal.append(device, null, null, Direction.OUT, type, topic, payload, why);
    }
}
