package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.NewFault;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The faults a test injected (docs/faults.md): state in the core with a bound (a count of firings, or a time),
 * matched per device and topic. A transport asks at the packet where a fault bites whether one fires there; a
 * firing is counted, journaled as a {@code FAULT} event, and spends the fault when its count is reached. The rules
 * never see a fault.
 */
public final class FaultService {
    /** MQTT 5 CONNACK codes a refusal may use, with the MQTT 3.x code ThingsBoard sends for each. */
    static final Map<Integer, Integer> CONNACK_3X = Map.of(0x84, 1, 0x85, 2, 0x86, 5, 0x87, 5, 0x88, 3,
        0x89, 3, 0x9F, 3);
    /** How many ended faults stay findable by id, with their final firing count, for a test that waits on one. */
    private static final int ENDED_KEPT = 1_000;

    private final EventJournal journal;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final SessionRegistry sessions;
    private final DeviceRegistry devices;
    private final List<Active> faults = new CopyOnWriteArrayList<>();
    /** Spent, expired and removed faults, newest last, so a wait on one ends with its final count. */
    private final Map<String, Active> ended = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Active> eldest) {
            return size() > ENDED_KEPT;
        }
    });
    /** Until when a RESTART fault keeps the server down (connects refused), epoch ms. */
    private volatile long downUntil;

    public FaultService(EventJournal journal, LongSupplier clock, ScheduledExecutorService scheduler,
                        SessionRegistry sessions, DeviceRegistry devices) {
        this.journal = journal;
        this.clock = clock;
        this.scheduler = scheduler;
        this.sessions = sessions;
        this.devices = devices;
    }

    /** A fault in force: its firings so far, and for {@link FaultKind#CLOSE} each device's publishes since it came. */
    private static final class Active {
        final String id = UUID.randomUUID().toString();
        final NewFault spec;
        final long createdAt;
        final AtomicInteger fired = new AtomicInteger();
        final Map<String, AtomicInteger> published = new ConcurrentHashMap<>();
        /** A RATE_LIMIT fault's buckets, per device, as ThingsBoard keeps device limits. */
        final Map<String, Limits> limits = new ConcurrentHashMap<>();

        Active(NewFault spec, long createdAt) {
            this.spec = spec;
            this.createdAt = createdAt;
        }

        Fault view() {
            return new Fault(id, spec, fired.get(), createdAt);
        }
    }

    /**
     * @throws InvalidRequestException a parameter the kind needs is missing or out of range, or the kind means nothing
     *                                 on the fault's transport
     */
    public Fault add(NewFault fault) {
        NewFault spec = FaultChecks.checked(fault);
        Active active = new Active(spec, clock.getAsLong());
        faults.add(active);
        Fault view = active.view();
        if (spec.kind() == FaultKind.RESTART) {
            restart(active);
        } else if (spec.kind() == FaultKind.BANDWIDTH && spec.activeMs() != null) {
            scheduler.schedule(() -> end(active), spec.activeMs(), TimeUnit.MILLISECONDS);
        }
        if (bites(spec, Event.MQTT)) {
            openSessions(spec.device()).forEach(session -> onConnection(active, session));
        }
        return view;
    }

    /**
     * A device's session is established (MQTT, after its CONNACK): the connection faults for it take hold: a CLOSE
     * with {@code afterMs} is timed from now, a STALL stalls it, a BANDWIDTH throttles it.
     */
    public void ready(SessionListener session) {
        for (Active active : faults) {
            if (matches(active.spec, session.device().name(), null, Event.MQTT)) {
                onConnection(active, session);
            }
        }
    }

    private void onConnection(Active active, SessionListener session) {
        NewFault spec = active.spec;
        String device = session.device().name();
        switch (spec.kind()) {
            case CLOSE -> {
                if (spec.afterMs() != null) {
                    closeLater(active, session);
                }
            }
            case STALL -> {
                if (take(active)) { // journaled once the stall holds: whoever reads the event finds the link stalled
                    session.stall(spec.stallMs(),
                        () -> record(active, device, Event.MQTT, null,
                            "stalled the connection for " + spec.stallMs() + " ms"));
                }
            }
            case BANDWIDTH -> {
                if (!expired(active) && session.throttle(spec.bytesPerSecond())) {
                    active.fired.incrementAndGet();
                    record(active, device, Event.MQTT, null,
                        "throttled the connection to " + spec.bytesPerSecond() + " bytes/s");
                }
            }
            default -> {
            }
        }
    }

    /** One device's buckets under a RATE_LIMIT fault; null where the fault sets no such limit. */
    private record Limits(RateLimit messages, RateLimit telemetryMessages, RateLimit telemetryDataPoints) {
    }

    /**
     * A packet of the device passes its rate limits (docs/faults.md, ThingsBoard's device limits): telemetry draws one
     * telemetry message and its data points, anything else (a CONNECT included) one message. The RATE_LIMIT fault
     * that refuses it is returned, counted and journaled; null when it passes.
     *
     * @param dataPoints how many values the telemetry carries, asked only where a data-point limit is set
     */
    public NewFault admit(String device, String transport, boolean telemetry, IntSupplier dataPoints, String topic,
                          String what) {
        for (Active active : faults) {
            NewFault spec = active.spec;
            if (spec.kind() != FaultKind.RATE_LIMIT || !matches(spec, device, null, transport) || expired(active)) {
                continue;
            }
            Limits limits = active.limits.computeIfAbsent(device, name -> new Limits(
                RateLimit.parse(spec.messages(), clock), RateLimit.parse(spec.telemetryMessages(), clock),
                RateLimit.parse(spec.telemetryDataPoints(), clock)));
            boolean passes = telemetry
                ? passes(limits.telemetryMessages(), 1) && passes(limits.telemetryDataPoints(), dataPoints)
                : passes(limits.messages(), 1);
            if (!passes) {
                active.fired.incrementAndGet();
                record(active, device, transport, topic, what);
                return spec;
            }
        }
        return null;
    }

    private static boolean passes(RateLimit limit, long tokens) {
        return limit == null || limit.tryConsume(tokens);
    }

    /** A limit whose cost is counted only when the limit is set (counting telemetry values decodes it). */
    private static boolean passes(RateLimit limit, IntSupplier tokens) {
        return limit == null || limit.tryConsume(tokens.getAsInt());
    }

    /** The RATE_LIMIT fault in force for the device's MQTT session, which its {@code getSessionLimits} answer reports. */
    public NewFault rateLimits(String device) {
        for (Active active : faults) {
            if (active.spec.kind() == FaultKind.RATE_LIMIT && matches(active.spec, device, null, Event.MQTT)
                && !expired(active)) {
                return active.spec;
            }
        }
        return null;
    }

    /** A BANDWIDTH fault ends (removed, cleared, expired): the connections it throttled run free again. */
    private void end(Active active) {
        retire(active);
        if (active.spec.kind() == FaultKind.BANDWIDTH) {
            openSessions(active.spec.device()).forEach(session -> session.throttle(0));
        }
    }

    /** Whether a RESTART fault keeps the server down: connects are refused. */
    public boolean down() {
        return clock.getAsLong() < downUntil;
    }

    /**
     * OTA chunk {@code index} was sent to the device: a CLOSE fault {@code atOtaChunk} that index fires, and is
     * returned (counted and journaled); else null.
     */
    public NewFault otaChunkSent(String device, int index) {
        for (Active active : faults) {
            NewFault spec = active.spec;
            if (spec.kind() == FaultKind.CLOSE && spec.atOtaChunk() != null && spec.atOtaChunk() == index
                && matches(spec, device, null, Event.MQTT) && take(active)) {
                record(active, device, Event.MQTT, null, "closed the connection after OTA chunk " + index);
                return spec;
            }
        }
        return null;
    }

    private void closeLater(Active active, SessionListener session) {
        NewFault spec = active.spec;
        scheduler.schedule(() -> {
            if (session.isOpen() && faults.contains(active) && take(active)) {
                record(active, session.device().name(), Event.MQTT, null,
                    "closed the connection after " + spec.afterMs() + " ms");
                session.close("closed by a CLOSE fault after " + spec.afterMs() + " ms",
                    spec.reasonCode() == null ? ReasonCode.NONE : spec.reasonCode());
            }
        }, spec.afterMs(), TimeUnit.MILLISECONDS);
    }

    /**
     * The server goes down as a restart takes it: every session closes (MQTT 5: DISCONNECT 0x8B, server shutting
     * down), connects are refused for {@code downMs}, and with {@code forgetState} what devices sent and were sent is
     * forgotten (devices, their credentials and shared attributes, and profiles stay).
     */
    private void restart(Active active) {
        NewFault spec = active.spec;
        downUntil = clock.getAsLong() + spec.downMs();
        take(active);
        record(active, null, null, null, "restarted the server: every session closed, connects refused for "
            + spec.downMs() + " ms" + (spec.forgetState() ? ", recorded data forgotten" : ""));
        if (spec.forgetState()) {
            devices.all().forEach(DeviceEntry::clearRecordedData);
        }
        sessions.unclosed().forEach(session -> session.close("the server restarted (a RESTART fault)",
            ReasonCode.SERVER_SHUTTING_DOWN));
    }

    /** The open sessions of the device, or of every device for null. */
    private List<SessionListener> openSessions(String device) {
        List<SessionListener> open = new ArrayList<>();
        for (ClosableSession session : sessions.unclosed()) {
            if (session instanceof SessionListener listener && listener.isOpen()
                && (device == null || device.equals(listener.device().name()))) {
                open.add(listener);
            }
        }
        return open;
    }

    /** Every fault in force, oldest first; spent and expired ones are gone. */
    public List<Fault> all() {
        List<Fault> all = new ArrayList<>();
        for (Active active : faults) {
            if (!expired(active)) {
                all.add(active.view());
            }
        }
        return all;
    }

    /** @throws NotFoundException no fault in force has that id */
    public void remove(String id) {
        Active active = faults.stream().filter(candidate -> candidate.id.equals(id)).findFirst()
            .orElseThrow(() -> new NotFoundException("no fault with id '" + id + "' (it may be spent)"));
        end(active);
    }

    /** Forgets every fault, ended ones too, and ends a restart's down time (a reset). */
    public void clear() {
        faults.forEach(this::end);
        ended.clear();
        downUntil = 0;
    }

    /** The fault with that id, in force or ended lately (spent, expired, removed), with its firings so far. */
    public Optional<Fault> find(String id) {
        for (Active active : faults) {
            if (active.id.equals(id)) {
                return Optional.of(active.view());
            }
        }
        return Optional.ofNullable(ended.get(id)).map(Active::view);
    }

    /** The fault leaves the list; it stays findable by id. */
    private void retire(Active active) {
        if (faults.remove(active)) {
            ended.put(active.id, active);
        }
    }

    /**
     * The fault of {@code kind} that fires now for the device's packet on {@code topic} (null: a packet without
     * one, such as a CONNECT or an HTTP request) over {@code transport}, counted and journaled with {@code what} it
     * does; null when none does.
     */
    public NewFault fire(FaultKind kind, String device, String transport, String topic, String what) {
        for (Active active : faults) {
            if (active.spec.kind() == kind && matches(active.spec, device, topic, transport) && take(active)) {
                record(active, device, transport, topic, what);
                return active.spec;
            }
        }
        return null;
    }

    /**
     * A publish of the device: a {@link FaultKind#CLOSE} fault whose {@code afterMessages} it completes fires, and
     * is returned (counted and journaled); else null.
     */
    public NewFault published(String device, String topic) {
        for (Active active : faults) {
            NewFault spec = active.spec;
            if (spec.kind() == FaultKind.CLOSE && spec.afterMessages() != null && matches(spec, device, topic, Event.MQTT)
                && active.published.computeIfAbsent(device, name -> new AtomicInteger()).incrementAndGet()
                == spec.afterMessages() && take(active)) {
                record(active, device, Event.MQTT, topic,
                    "closed the connection after " + spec.afterMessages() + " publishes");
                return spec;
            }
        }
        return null;
    }

    /** One firing of the fault if it is not spent or expired; a spent fault leaves the list. */
    private boolean take(Active active) {
        if (expired(active)) {
            retire(active);
            return false;
        }
        Integer count = active.spec.count();
        if (count == null) {
            active.fired.incrementAndGet();
            return true;
        }
        int fired = active.fired.incrementAndGet();
        if (fired > count) { // spent by a concurrent firing: this one does not count
            active.fired.decrementAndGet();
            return false;
        }
        if (fired == count) {
            retire(active);
        }
        return true;
    }

    private boolean expired(Active active) {
        Long activeMs = active.spec.activeMs();
        return activeMs != null && clock.getAsLong() >= active.createdAt + activeMs;
    }

    /** Journals a firing: what the fault did, to which device over which transport (null: the whole server). */
    private void record(Active active, String device, String transport, String topic, String what) {
        String did = active.spec.dropMessage() ? what + "; the message was not processed" : what;
        journal.append(device, null, transport, Direction.OUT, EventType.FAULT, topic, JsonWriter.object(json -> json
            .field("fault", active.id).field("kind", active.spec.kind().name()).field("did", did)), null);
    }

    private static boolean matches(NewFault spec, String device, String topic, String transport) {
        return (spec.device() == null || spec.device().equals(device)) && bites(spec, transport)
            && (spec.topic() == null || topic != null && TopicFilters.matches(spec.topic(), topic));
    }

    /** Whether the fault bites requests over the transport: it names none or that one. */
    private static boolean bites(NewFault spec, String transport) {
        return spec.transport() == null || spec.transport().equals(transport);
    }

    /** The MQTT 3.x CONNACK code ThingsBoard sends for a refusal's MQTT 5 code. */
    public static int connack3x(int mqtt5Code) {
        return CONNACK_3X.get(mqtt5Code);
    }
}
