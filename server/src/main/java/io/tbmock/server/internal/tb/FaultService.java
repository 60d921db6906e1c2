package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.NewFault;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The faults a test injected (docs/faults.md): state in the core with a bound (a count of firings, or a time),
 * matched per device and topic. A transport asks at the packet where a fault bites whether one fires there; a
 * firing is counted, journaled as a {@code FAULT} event, and spends the fault when its count is reached. The rules
 * never see a fault.
 */
public final class FaultService {
    /** The kinds served so far; the others are refused when created, saying so. */
    private static final Set<FaultKind> SERVED = EnumSet.of(FaultKind.REFUSE_CONNECT, FaultKind.CLOSE,
        FaultKind.DELAY_PUBACK, FaultKind.WITHHOLD_PUBACK, FaultKind.PUBACK_REASON, FaultKind.DELAY_DOWNLINK,
        FaultKind.DROP_DOWNLINK);
    /** The kinds that stay until removed unless a time bound is given. */
    private static final Set<FaultKind> STANDING = EnumSet.of(FaultKind.BANDWIDTH, FaultKind.RATE_LIMIT);
    /** MQTT 5 CONNACK codes a refusal may use, with the MQTT 3.x code ThingsBoard sends for each. */
    private static final Map<Integer, Integer> CONNACK_3X = Map.of(0x84, 1, 0x85, 2, 0x86, 5, 0x87, 5, 0x88, 3,
        0x89, 3, 0x9F, 3);
    private static final long MAX_DELAY_MS = 600_000;

    private final EventJournal journal;
    private final LongSupplier clock;
    private final List<Active> faults = new CopyOnWriteArrayList<>();

    public FaultService(EventJournal journal, LongSupplier clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** A fault in force: its firings so far, and for {@link FaultKind#CLOSE} each device's publishes since it came. */
    private static final class Active {
        final String id = UUID.randomUUID().toString();
        final NewFault spec;
        final long createdAt;
        final AtomicInteger fired = new AtomicInteger();
        final Map<String, AtomicInteger> published = new ConcurrentHashMap<>();

        Active(NewFault spec, long createdAt) {
            this.spec = spec;
            this.createdAt = createdAt;
        }

        Fault view() {
            return new Fault(id, spec, fired.get(), createdAt);
        }
    }

    /** @throws InvalidRequestException a parameter the kind needs is missing or out of range, or the kind not served */
    public Fault add(NewFault fault) {
        NewFault spec = checked(fault);
        Active active = new Active(spec, clock.getAsLong());
        faults.add(active);
        return active.view();
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
        if (!faults.removeIf(active -> active.id.equals(id))) {
            throw new NotFoundException("no fault with id '" + id + "' (it may be spent)");
        }
    }

    public void clear() {
        faults.clear();
    }

    /**
     * The fault of {@code kind} that fires now for the device's packet on {@code topic} (null: a packet without
     * one, such as a CONNECT), counted and journaled with {@code what} it does; null when none does.
     */
    public NewFault fire(FaultKind kind, String device, String topic, String what) {
        for (Active active : faults) {
            if (active.spec.kind() == kind && matches(active.spec, device, topic) && take(active)) {
                record(active, device, topic, what);
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
            if (spec.kind() == FaultKind.CLOSE && matches(spec, device, topic)
                && active.published.computeIfAbsent(device, name -> new AtomicInteger()).incrementAndGet()
                == spec.afterMessages() && take(active)) {
                record(active, device, topic, "closed the connection after " + spec.afterMessages() + " publishes");
                return spec;
            }
        }
        return null;
    }

    /** One firing of the fault if it is not spent or expired; a spent fault leaves the list. */
    private boolean take(Active active) {
        if (expired(active)) {
            faults.remove(active);
            return false;
        }
        Integer count = active.spec.count();
        if (count == null) {
            active.fired.incrementAndGet();
            return true;
        }
        int fired = active.fired.incrementAndGet();
        if (fired > count) {
            return false;
        }
        if (fired == count) {
            faults.remove(active);
        }
        return true;
    }

    private boolean expired(Active active) {
        Long activeMs = active.spec.activeMs();
        return activeMs != null && clock.getAsLong() >= active.createdAt + activeMs;
    }

    private void record(Active active, String device, String topic, String what) {
        String did = active.spec.dropMessage() ? what + "; the message was not processed" : what;
        journal.append(device, null, null, Direction.OUT, EventType.FAULT, topic, JsonWriter.object(json -> json
            .field("fault", active.id).field("kind", active.spec.kind().name()).field("did", did)), null);
    }

    private static boolean matches(NewFault spec, String device, String topic) {
        return (spec.device() == null || spec.device().equals(device))
            && (spec.topic() == null || topic != null && TopicFilters.matches(spec.topic(), topic));
    }

    /** The fault with its defaults, or a refusal naming what is wrong. */
    private static NewFault checked(NewFault fault) {
        FaultKind kind = fault.kind();
        if (!SERVED.contains(kind)) {
            throw new InvalidRequestException("kind", kind + " faults are not served by this tbmock version yet; it "
                + "serves " + SERVED);
        }
        if (fault.count() != null && fault.count() < 1) {
            throw new InvalidRequestException("count", "a fault fires at least once");
        }
        if (fault.activeMs() != null && fault.activeMs() < 1) {
            throw new InvalidRequestException("activeMs", "a fault is active for at least 1 ms");
        }
        switch (kind) {
            case REFUSE_CONNECT -> {
                if (fault.reasonCode() == null || !CONNACK_3X.containsKey(fault.reasonCode())) {
                    throw new InvalidRequestException("reasonCode", "a refused CONNECT needs a reasonCode among the "
                        + "MQTT 5 CONNACK codes that have an MQTT 3.x meaning: 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x9F");
                }
            }
            case CLOSE -> {
                if (fault.afterMessages() == null || fault.afterMessages() < 1) {
                    throw new InvalidRequestException("afterMessages", "a CLOSE fault needs afterMessages ≥ 1");
                }
                checkReasonCode(fault, false);
            }
            case PUBACK_REASON -> checkReasonCode(fault, true);
            case DELAY_PUBACK, DELAY_DOWNLINK -> {
                if (fault.delayMs() == null || fault.delayMs() < 1 || fault.delayMs() > MAX_DELAY_MS) {
                    throw new InvalidRequestException("delayMs", "a delay of 1 to " + MAX_DELAY_MS + " ms is needed");
                }
            }
            default -> {
            }
        }
        boolean timeBound = fault.activeMs() != null;
        Integer count = fault.count() != null ? fault.count() : timeBound || STANDING.contains(kind) ? null : 1;
        return new NewFault(kind, fault.device(), fault.topic(), count, fault.activeMs(), fault.reasonCode(),
            fault.delayMs(), fault.afterMessages(), fault.dropMessage());
    }

    private static void checkReasonCode(NewFault fault, boolean required) {
        Integer code = fault.reasonCode();
        if (code == null ? required : code < 0 || code > 0xFF) {
            throw new InvalidRequestException("reasonCode", "a reasonCode of 0 to 255 is needed");
        }
    }

    /** The MQTT 3.x CONNACK code ThingsBoard sends for a refusal's MQTT 5 code. */
    public static int connack3x(int mqtt5Code) {
        return CONNACK_3X.get(mqtt5Code);
    }
}
