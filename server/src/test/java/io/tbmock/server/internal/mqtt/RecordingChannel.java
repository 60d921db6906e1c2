package io.tbmock.server.internal.mqtt;

import java.util.ArrayList;
import java.util.List;

/** A connection for a session under test: it takes every send, records delivery tags and closes, writes nothing. */
final class RecordingChannel implements DeviceChannel {
    final List<Long> tagsSent = new ArrayList<>();
    final List<String> closedFor = new ArrayList<>();
    /** What {@link #writable()} answers: false stands for a device that stopped reading. */
    boolean writable = true;

    @Override
    public boolean send(long deliveryTag, String topic, int qos, byte[] payload) {
        tagsSent.add(deliveryTag);
        return true;
    }

    @Override
    public boolean sendAtMostOnce(long deliveryTag, String topic, byte[] payload) {
        return send(deliveryTag, topic, 0, payload);
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public void close(String reason, int reasonCode) {
        closedFor.add(reason);
    }

    @Override
    public void stall(long ms, Runnable begun) {
        throw new UnsupportedOperationException("not under test");
    }

    @Override
    public void throttle(long bytesPerSecond) {
        throw new UnsupportedOperationException("not under test");
    }
}
