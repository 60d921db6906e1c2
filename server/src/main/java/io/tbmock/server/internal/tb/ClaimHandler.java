package io.tbmock.server.internal.tb;

import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.EventType;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code v1/devices/me/claim} (spec §8): an optional JSON object {@code {"secretKey","durationMs"}}; the
 * device only ever sees a PUBACK. Defaults: secret {@code ""}, duration 24 h.
 */
public final class ClaimHandler {
    /** ThingsBoard's {@code security.claim.duration}. */
    static final long DEFAULT_DURATION_MS = 86_400_000L;

    private final Exchanges exchanges;
    private final LongSupplier clock;

    public ClaimHandler(Exchanges exchanges, LongSupplier clock) {
        this.exchanges = exchanges;
        this.clock = clock;
    }

    UplinkResult claim(DeviceSession session, String topic, byte[] payload) {
        String secretKey = "";
        long durationMs = 0;
        if (payload.length > 0) {
            try {
                if (!(DeviceJson.parse(payload) instanceof Map<?, ?> claim)) {
                    throw new PayloadException("a claim must be a JSON object or empty");
                }
                if (claim.containsKey("secretKey")) {
                    secretKey = GsonValues.asString(claim.get("secretKey"), "secretKey");
                }
                if (claim.containsKey("durationMs")) {
                    durationMs = GsonValues.asLong(claim.get("durationMs"), "durationMs");
                }
            } catch (PayloadException e) {
                return UplinkResult.refused(e);
            }
        }
        ClaimRequest request = new ClaimRequest(secretKey, durationMs > 0 ? durationMs : DEFAULT_DURATION_MS,
            clock.getAsLong());
        boolean stored = session.device().claim().offer(request);
        exchanges.received(session, EventType.CLAIM, topic, payload,
            stored ? null : "an open claim exists: ThingsBoard keeps its secret and expiry");
        return UplinkResult.ACK;
    }
}
