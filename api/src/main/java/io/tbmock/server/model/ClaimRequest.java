package io.tbmock.server.model;

/**
 * A device's claiming request, with ThingsBoard's defaults applied (docs/thingsboard-mqtt.md §8).
 *
 * @param secretKey   the secret, {@code ""} when the device sent none
 * @param durationMs  how long the claim is open; 86400000 (24 h) when the device sent none or ≤ 0
 * @param requestedAt when it arrived, epoch milliseconds
 */
public record ClaimRequest(String secretKey, long durationMs, long requestedAt) {
}
