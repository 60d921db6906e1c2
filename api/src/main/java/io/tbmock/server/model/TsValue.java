package io.tbmock.server.model;

/** A telemetry value with its timestamp in epoch milliseconds (the device's {@code ts}, or the arrival time). */
public record TsValue(long ts, KvValue value) {
}
