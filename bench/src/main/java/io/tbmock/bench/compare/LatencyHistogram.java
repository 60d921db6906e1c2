package io.tbmock.bench.compare;

import java.util.concurrent.atomic.AtomicLongArray;

/** PUBACK latencies in whole microseconds, up to 1 s (longer ones count as 1 s); safe from any thread. */
final class LatencyHistogram {
    private static final int MAX_MICROS = 1_000_000;

    private final AtomicLongArray counts = new AtomicLongArray(MAX_MICROS + 1);

    void record(long nanos) {
        counts.incrementAndGet((int) Math.min(nanos / 1000, MAX_MICROS));
    }

    void clear() {
        for (int i = 0; i <= MAX_MICROS; i++) {
            counts.set(i, 0);
        }
    }

    /** The latency at {@code quantile} (0.5, 0.99) in microseconds, or -1 when nothing was recorded. */
    long percentileMicros(double quantile) {
        long total = 0;
        for (int i = 0; i <= MAX_MICROS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i <= MAX_MICROS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i;
            }
        }
        return MAX_MICROS;
    }
}
