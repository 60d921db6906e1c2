package io.tbmock.server.internal.tb;

import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.EventType;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Claiming (docs/thingsboard-mqtt.md §8): a device offers itself with an optional JSON object
 * {@code {"secretKey","durationMs"}}, by any transport; defaults: secret {@code ""}, duration 24 h.
 */
public final class ClaimHandler {
    /** ThingsBoard's {@code security.claim.duration}. */
    static final long DEFAULT_DURATION_MS = 86_400_000L;
    private static final String OPEN_CLAIM = "an open claim exists: ThingsBoard keeps its secret and expiry";

    private final Exchanges exchanges;
    private final LongSupplier clock;

    public ClaimHandler(Exchanges exchanges, LongSupplier clock) {
        this.exchanges = exchanges;
        this.clock = clock;
    }

    /**
     * Records the claim {@code json} asks for (a JSON object; ThingsBoard's JsonConverter), journaled as
     * {@code text}: a gateway claims for its children this way.
     *
     * @throws PayloadException it is not an object, or a field cannot be read as ThingsBoard reads it
     */
    public void offer(DeviceContext session, String topic, Object json, String text) throws PayloadException {
        boolean stored = store(session, json);
        exchanges.received(session, EventType.CLAIM, topic, text, stored ? null : OPEN_CLAIM);
    }

    /** {@link #offer(DeviceContext, String, Object, String)} of a device's own claim, journaled as its codec reads it. */
    public void offer(DeviceContext session, String topic, Object json, byte[] payload) throws PayloadException {
        boolean stored = store(session, json);
        exchanges.received(session, EventType.CLAIM, topic, payload, stored ? null : OPEN_CLAIM);
    }

    /** @return whether it was stored (not when an open claim exists) */
    private boolean store(DeviceContext session, Object json) throws PayloadException {
        if (!(json instanceof Map<?, ?> claim)) {
            throw PayloadException.unparsable(UploadParser.CANT_PARSE + JsonWriter.tree(json));
        }
        String secretKey = claim.containsKey("secretKey") ? GsonValues.asString(claim.get("secretKey"), "secretKey") : "";
        long durationMs = claim.containsKey("durationMs") ? GsonValues.asLong(claim.get("durationMs"), "durationMs") : 0;
        ClaimRequest request = new ClaimRequest(secretKey, durationMs > 0 ? durationMs : DEFAULT_DURATION_MS,
            clock.getAsLong());
        return session.device().claim().offer(request);
    }
}
