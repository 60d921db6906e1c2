package io.tbmock.bench.compare;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * What a load did against a server process in one measured window: units (requests, messages) per second and the
 * server's CPU per unit, from /proc.
 */
record MeasuredWindow(double perSecond, double cpuMicrosPerUnit) {

    /** Lets the load run {@code warmup} s, then counts {@code done} and the server's CPU over {@code seconds}. */
    static MeasuredWindow measure(ServerProcess server, LongSupplier done, int warmup, int seconds)
        throws IOException, InterruptedException {
        Thread.sleep(warmup * 1000L); // the warm-up is a span of load, not a wait for an event
        long count = done.getAsLong();
        long cpu = server.cpuMicros();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long units = done.getAsLong() - count;
        long cpuUsed = server.cpuMicros() - cpu;
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new MeasuredWindow(units / elapsed, units == 0 ? Double.NaN : (double) cpuUsed / units);
    }
}
