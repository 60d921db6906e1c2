package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.DeviceActivity;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * ThingsBoard's device state service (DefaultDeviceStateService, with the transport's activity reporting): it
 * writes the server-scope attributes {@code active}, {@code lastConnectTime}, {@code lastDisconnectTime},
 * {@code lastActivityTime} and {@code inactivityAlarmTime} as devices are created, connect, act and leave, and
 * turns {@code active} false once a device has been silent longer than its inactivity timeout
 * (docs/thingsboard-device-state.md). Transport-neutral: a transport says a session opened or closed and that a
 * device did something.
 *
 * <p>As in ThingsBoard, a session's opening counts as activity at once, while later activity is reported at the
 * end of each {@link #REPORT_PERIOD} (its {@code LAST} strategy), so {@code lastActivityTime} moves in steps. The
 * timeout is checked when it can first expire rather than by ThingsBoard's sweep every 60 s, so a device turns
 * inactive at its timeout, not up to a minute later. Turning inactive is journaled ({@code INACTIVE}), and so is
 * turning active again after that ({@code ACTIVE}), with ThingsBoard's rule-engine payload; a device's first
 * activity is its CONNECT, already journaled, so it adds no event.
 */
public final class DeviceStates {
    /** ThingsBoard's {@code transport.sessions.report_timeout}. */
    public static final Duration REPORT_PERIOD = Duration.ofSeconds(3);
    static final String ACTIVE = "active";
    static final String LAST_CONNECT_TIME = "lastConnectTime";
    static final String LAST_DISCONNECT_TIME = "lastDisconnectTime";
    static final String LAST_ACTIVITY_TIME = "lastActivityTime";
    static final String INACTIVITY_ALARM_TIME = "inactivityAlarmTime";
    static final String INACTIVITY_TIMEOUT = "inactivityTimeout";

    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final long defaultTimeout;
    private final EventJournal journal;
    private final AttributeChanges changes;
    /** Devices with activity recorded since the last report. */
    private final Queue<DeviceEntry> toReport = new ConcurrentLinkedQueue<>();

    public DeviceStates(ScheduledExecutorService scheduler, LongSupplier clock, Duration defaultTimeout,
                        EventJournal journal, AttributeChanges changes) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.defaultTimeout = defaultTimeout.toMillis();
        this.journal = journal;
        this.changes = changes;
        long period = REPORT_PERIOD.toMillis();
        scheduler.scheduleAtFixedRate(this::reportRecorded, period, period, TimeUnit.MILLISECONDS);
    }

    /** A device was created: ThingsBoard writes {@code active=false} at once. */
    public void added(DeviceEntry device) {
        DeviceActivity activity = device.activity();
        synchronized (activity) {
            activity.active(false);
            save(device, Map.of(ACTIVE, KvValue.of(false)));
        }
        changes.changed(device.name());
    }

    /** A session of the device opened: its connect time, and activity now (ThingsBoard's device actor reports it). */
    public void connected(DeviceEntry device) {
        long now = clock.getAsLong();
        DeviceActivity activity = device.activity();
        synchronized (activity) {
            if (now > activity.lastConnectTime()) {
                activity.lastConnectTime(now);
                save(device, Map.of(LAST_CONNECT_TIME, KvValue.of(now)));
            }
            if (now > activity.lastActivityTime()) {
                updateActivity(device, now);
            }
        }
        changes.changed(device.name());
    }

    /**
     * The device's last session closed (one displaced by a new session does not count). {@code active} stays as
     * it is: only the timeout clears it.
     */
    public void disconnected(DeviceEntry device) {
        long now = clock.getAsLong();
        DeviceActivity activity = device.activity();
        synchronized (activity) {
            if (now > activity.lastDisconnectTime()) {
                activity.lastDisconnectTime(now);
                save(device, Map.of(LAST_DISCONNECT_TIME, KvValue.of(now)));
            }
        }
        changes.changed(device.name());
    }

    /** The device did something (a publish, subscribe, unsubscribe or ping); reported at the period's end. */
    public void activity(DeviceEntry device) {
        if (device.activity().record(clock.getAsLong())) {
            toReport.add(device);
        }
    }

    /**
     * The device's {@code inactivityTimeout} server attribute was set ({@code value}) or deleted (null). As in
     * ThingsBoard the value is read as a whole number of milliseconds; anything else counts as 0, and 0 or less
     * means the server's default. The device may turn active or inactive at once.
     */
    public void timeoutChanged(DeviceEntry device, KvValue value) {
        long timeout = 0;
        if (value != null) {
            try {
                timeout = Long.parseLong(String.valueOf(value.value())); // ThingsBoard: valueAsString
            } catch (NumberFormatException notANumber) {
                timeout = 0;
            }
        }
        DeviceActivity activity = device.activity();
        synchronized (activity) {
            activity.timeoutOverride(Math.max(timeout, 0));
            long now = clock.getAsLong();
            if (activity.active()) {
                expireIfInactive(device, now);
            } else if (isActive(activity, now)) {
                updateActivity(device, activity.lastActivityTime());
                if (activity.inactivityAlarmTime() != 0 && activity.inactivityAlarmTime() >= activity.lastActivityTime()) {
                    activity.inactivityAlarmTime(0);
                    save(device, Map.of(INACTIVITY_ALARM_TIME, KvValue.of(0)));
                }
            }
        }
        changes.changed(device.name());
    }

    public DeviceState state(DeviceEntry device) {
        DeviceActivity activity = device.activity();
        synchronized (activity) {
            return activity.snapshot(defaultTimeout);
        }
    }

    /** The end of a reporting period: each device's latest activity since the last one is reported. */
    private void reportRecorded() {
        List<String> changed = new ArrayList<>();
        for (DeviceEntry device; (device = toReport.poll()) != null; ) {
            long recorded = device.activity().takeRecorded();
            if (device.removed()) {
                continue;
            }
            DeviceActivity activity = device.activity();
            synchronized (activity) {
                if (recorded > activity.lastActivityTime()) {
                    updateActivity(device, recorded);
                    changed.add(device.name());
                }
            }
        }
        changes.changed(changed);
    }

    /** ThingsBoard's updateActivityState: the new activity time, and {@code active=true} if it was not. */
    private void updateActivity(DeviceEntry device, long time) {
        DeviceActivity activity = device.activity();
        activity.lastActivityTime(time);
        save(device, Map.of(LAST_ACTIVITY_TIME, KvValue.of(time)));
        if (!activity.active()) {
            boolean wasFoundInactive = activity.inactivityAlarmTime() != 0;
            if (time <= activity.inactivityAlarmTime()) {
                activity.inactivityAlarmTime(0);
                save(device, Map.of(INACTIVITY_ALARM_TIME, KvValue.of(0)));
            }
            activity.active(true);
            save(device, Map.of(ACTIVE, KvValue.of(true)));
            if (wasFoundInactive) {
                journal(device, EventType.ACTIVE, Direction.IN, activity);
            }
            // While the device stays active its check reschedules itself from the latest activity when it fires,
            // so later activity need not touch the scheduler.
            scheduleCheck(device, activity);
        }
    }

    /**
     * ThingsBoard's updateInactivityStateIfExpired: inactive once the timeout has passed since the last activity
     * (and since the device's creation), unless that inactivity was reported already.
     *
     * @return whether the device turned inactive
     */
    private boolean expireIfInactive(DeviceEntry device, long now) {
        DeviceActivity activity = device.activity();
        long timeout = timeout(activity);
        if (!isActive(activity, now)
            && (activity.inactivityAlarmTime() == 0 || activity.inactivityAlarmTime() <= activity.lastActivityTime())
            && device.createdAt() + timeout <= now) {
            activity.inactivityAlarmTime(now);
            activity.active(false);
            activity.inactivityCheck(null);
            save(device, Map.of(INACTIVITY_ALARM_TIME, KvValue.of(now), ACTIVE, KvValue.of(false)));
            journal(device, EventType.INACTIVE, Direction.OUT, activity);
            return true;
        }
        if (activity.active()) {
            scheduleCheck(device, activity);
        }
        return false;
    }

    /** The next check, when the timeout can first have passed; one pending check per active device. */
    private void scheduleCheck(DeviceEntry device, DeviceActivity activity) {
        long due = Math.max(activity.lastActivityTime(), device.createdAt()) + timeout(activity);
        long delay = Math.max(1, due - clock.getAsLong());
        try {
            activity.inactivityCheck(scheduler.schedule(() -> check(device), delay, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException stopped) {
            // the server is stopping
        }
    }

    private void check(DeviceEntry device) {
        if (device.removed()) {
            return;
        }
        DeviceActivity activity = device.activity();
        boolean expired;
        synchronized (activity) {
            expired = activity.active() && expireIfInactive(device, clock.getAsLong());
        }
        if (expired) {
            changes.changed(device.name());
        }
    }

    private boolean isActive(DeviceActivity activity, long now) {
        return now < activity.lastActivityTime() + timeout(activity);
    }

    private long timeout(DeviceActivity activity) {
        return activity.timeoutOverride() > 0 ? activity.timeoutOverride() : defaultTimeout;
    }

    private static void save(DeviceEntry device, Map<String, KvValue> values) {
        device.serverAttributes().putAll(values);
    }

    /** ThingsBoard's ACTIVITY_EVENT / INACTIVITY_EVENT, with the DeviceState JSON its rule engine gets. */
    private void journal(DeviceEntry device, EventType type, Direction direction, DeviceActivity activity) {
        if (device.removed()) {
            return;
        }
        String payload = JsonWriter.object(json -> json.field("active", activity.active())
            .field("lastConnectTime", activity.lastConnectTime())
            .field("lastActivityTime", activity.lastActivityTime())
            .field("lastDisconnectTime", activity.lastDisconnectTime())
            .field("lastInactivityAlarmTime", activity.inactivityAlarmTime())
            .field("inactivityTimeout", timeout(activity)));
        journal.append(device.name(), null, null, direction, type, null, payload, null);
    }
}
