package io.tbmock.bench.compare;

/** QoS 1 telemetry kept flowing to a server by some generator, as {@link CompareBenchmark} measures it. */
interface TelemetryLoad extends AutoCloseable {
    /** PUBACKs received since the start. */
    long acked() throws Exception;

    /** Starts recording latencies afresh (after a warm-up). */
    void recordFromNow() throws Exception;

    /** The recorded PUBACK latency at {@code quantile} (0.5, 0.99) in microseconds, -1 when none was recorded. */
    long latencyMicros(double quantile) throws Exception;
}
