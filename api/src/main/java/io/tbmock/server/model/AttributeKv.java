package io.tbmock.server.model;

/**
 * One attribute with the time it was last set, as ThingsBoard's REST API shows it.
 *
 * @param lastUpdateTs epoch milliseconds of the last change
 */
public record AttributeKv(String key, KvValue value, long lastUpdateTs) {
}
