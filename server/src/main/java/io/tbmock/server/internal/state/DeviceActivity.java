package io.tbmock.server.internal.state;

import io.tbmock.server.model.DeviceState;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One device's activity as ThingsBoard's device state service keeps it: the state it last wrote, and the
 * activity recorded since the last report. Recording is lock-free (every packet records); the state is read and
 * changed only by a caller that holds this object's lock, so a rule's reads and writes are one step.
 */
public final class DeviceActivity {
    // Recorded on every packet; reported at the end of the reporting period.
    private volatile long lastRecorded;
    private final AtomicBoolean queued = new AtomicBoolean();

    // Guarded by this: callers hold the lock.
    private boolean active;
    private long lastConnectTime;
    private long lastDisconnectTime;
    private long lastActivityTime;
    private long inactivityAlarmTime;
    private long timeoutOverride;
    private ScheduledFuture<?> inactivityCheck;

    /**
     * Records activity at {@code now}; cheap enough for every packet.
     *
     * @return true the first time since the last report: the device must be queued for the next one
     */
    public boolean record(long now) {
        if (now > lastRecorded) {
            lastRecorded = now;
        }
        return !queued.get() && queued.compareAndSet(false, true);
    }

    /** Takes the activity recorded since the last report: its time, and the device may be queued again. */
    public long takeRecorded() {
        queued.set(false);
        return lastRecorded;
    }

    public boolean active() {
        return active;
    }

    public void active(boolean now) {
        active = now;
    }

    public long lastConnectTime() {
        return lastConnectTime;
    }

    public void lastConnectTime(long time) {
        lastConnectTime = time;
    }

    public long lastDisconnectTime() {
        return lastDisconnectTime;
    }

    public void lastDisconnectTime(long time) {
        lastDisconnectTime = time;
    }

    public long lastActivityTime() {
        return lastActivityTime;
    }

    public void lastActivityTime(long time) {
        lastActivityTime = time;
    }

    public long inactivityAlarmTime() {
        return inactivityAlarmTime;
    }

    public void inactivityAlarmTime(long time) {
        inactivityAlarmTime = time;
    }

    /** The device's own timeout in milliseconds (its {@code inactivityTimeout} server attribute), or 0 for none. */
    public long timeoutOverride() {
        return timeoutOverride;
    }

    public void timeoutOverride(long millis) {
        timeoutOverride = millis;
    }

    /** Replaces the pending inactivity check (cancelling the one before), or just cancels it with null. */
    public void inactivityCheck(ScheduledFuture<?> next) {
        if (inactivityCheck != null) {
            inactivityCheck.cancel(false);
        }
        inactivityCheck = next;
    }

    public DeviceState snapshot(long defaultTimeout) {
        return new DeviceState(active, lastConnectTime, lastDisconnectTime, lastActivityTime, inactivityAlarmTime,
            timeoutOverride > 0 ? timeoutOverride : defaultTimeout);
    }
}
