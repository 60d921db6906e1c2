package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.NewFault;

import java.util.EnumSet;
import java.util.Set;

/**
 * What makes a fault one the server can apply (docs/faults.md): the parameters its kind needs, in range, and a kind
 * that means something on the transport it names. A fault that fails is refused when created, saying what is wrong,
 * never accepted and silently ignored.
 */
final class FaultChecks {
    /** The kinds that stay until removed unless a time bound is given. */
    private static final Set<FaultKind> STANDING = EnumSet.of(FaultKind.BANDWIDTH, FaultKind.RATE_LIMIT);
    /** The kinds that mean something for the HTTP device API's requests; the others act on MQTT packets only. */
    private static final Set<FaultKind> ON_HTTP = EnumSet.of(FaultKind.REFUSE_CONNECT, FaultKind.DELAY_PUBACK,
        FaultKind.DELAY_DOWNLINK, FaultKind.STALL, FaultKind.RATE_LIMIT);
    private static final long MAX_DELAY_MS = 600_000;

    private FaultChecks() {
    }

    /** The fault with its defaults, or a refusal naming what is wrong. */
    static NewFault checked(NewFault fault) {
        FaultKind kind = fault.kind();
        if (fault.count() != null && fault.count() < 1) {
            throw new InvalidRequestException("count", "a fault fires at least once");
        }
        if (fault.activeMs() != null && fault.activeMs() < 1) {
            throw new InvalidRequestException("activeMs", "a fault is active for at least 1 ms");
        }
        checkTransport(fault);
        switch (kind) {
            case REFUSE_CONNECT -> {
                if (fault.reasonCode() == null || !FaultService.CONNACK_3X.containsKey(fault.reasonCode())) {
                    throw new InvalidRequestException("reasonCode", "a refused CONNECT needs a reasonCode among the "
                        + "MQTT 5 CONNACK codes that have an MQTT 3.x meaning: 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x9F");
                }
            }
            case CLOSE -> {
                int points = (fault.afterMessages() == null ? 0 : 1) + (fault.afterMs() == null ? 0 : 1)
                    + (fault.atOtaChunk() == null ? 0 : 1);
                if (points != 1 || fault.afterMessages() != null && fault.afterMessages() < 1
                    || fault.afterMs() != null && fault.afterMs() < 1 || fault.atOtaChunk() != null && fault.atOtaChunk() < 0) {
                    throw new InvalidRequestException("afterMessages", "a CLOSE fault needs one of afterMessages ≥ 1, "
                        + "afterMs ≥ 1 or atOtaChunk ≥ 0");
                }
                checkReasonCode(fault, false);
            }
            case RESTART -> {
                if (fault.downMs() == null || fault.downMs() < 0 || fault.downMs() > MAX_DELAY_MS) {
                    throw new InvalidRequestException("downMs", "a RESTART needs downMs of 0 to " + MAX_DELAY_MS);
                }
                if (fault.device() != null || fault.topic() != null || fault.activeMs() != null) {
                    throw new InvalidRequestException("device", "a RESTART takes the whole server down: no device, "
                        + "topic or activeMs");
                }
            }
            case PUBACK_REASON -> checkReasonCode(fault, true);
            case STALL -> {
                if (fault.stallMs() == null || fault.stallMs() < 1 || fault.stallMs() > MAX_DELAY_MS) {
                    throw new InvalidRequestException("stallMs", "a STALL needs stallMs of 1 to " + MAX_DELAY_MS);
                }
            }
            case BANDWIDTH -> {
                if (fault.bytesPerSecond() == null || fault.bytesPerSecond() < 1) {
                    throw new InvalidRequestException("bytesPerSecond", "a BANDWIDTH fault needs bytesPerSecond ≥ 1");
                }
            }
            case RATE_LIMIT -> {
                if (fault.messages() == null && fault.telemetryMessages() == null && fault.telemetryDataPoints() == null) {
                    throw new InvalidRequestException("messages", "a RATE_LIMIT needs one of messages, telemetryMessages "
                        + "or telemetryDataPoints");
                }
                checkLimit(fault.messages(), "messages");
                checkLimit(fault.telemetryMessages(), "telemetryMessages");
                checkLimit(fault.telemetryDataPoints(), "telemetryDataPoints");
            }
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
            fault.delayMs(), fault.afterMessages(), fault.dropMessage(), fault.afterMs(), fault.atOtaChunk(),
            fault.downMs(), fault.forgetState(), fault.stallMs(), fault.bytesPerSecond(), fault.messages(),
            fault.telemetryMessages(), fault.telemetryDataPoints(), fault.transport());
    }

    /** A fault for HTTP devices must be one that means something for an HTTP request, which has no topic. */
    private static void checkTransport(NewFault fault) {
        String transport = fault.transport();
        if (transport == null || transport.equals(Event.MQTT)) {
            return;
        }
        if (!transport.equals(Event.HTTP)) {
            throw new InvalidRequestException("transport", "a fault's transport is MQTT or HTTP (absent: both)");
        }
        if (!ON_HTTP.contains(fault.kind())) {
            throw new InvalidRequestException("kind", fault.kind() + " acts on MQTT packets and means nothing for the "
                + "HTTP device API; on HTTP a fault is one of " + ON_HTTP);
        }
        if (fault.topic() != null) {
            throw new InvalidRequestException("topic", "an HTTP request has no topic: a fault for HTTP takes none");
        }
    }

    private static void checkLimit(String limit, String field) {
        try {
            RateLimit.parse(limit, () -> 0);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, e.getMessage());
        }
    }

    private static void checkReasonCode(NewFault fault, boolean required) {
        Integer code = fault.reasonCode();
        if (code == null ? required : code < 0 || code > 0xFF) {
            throw new InvalidRequestException("reasonCode", "a reasonCode of 0 to 255 is needed");
        }
    }
}
