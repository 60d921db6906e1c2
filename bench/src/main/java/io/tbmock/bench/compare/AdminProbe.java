package io.tbmock.bench.compare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Calls the admin API every 10 ms from a thread of its own and keeps each call's latency. */
final class AdminProbe {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI stats;
    private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger failures = new AtomicInteger();
    private Thread thread;

    AdminProbe(int port) {
        stats = URI.create("http://127.0.0.1:" + port + "/admin/stats");
    }

    void start() {
        thread = new Thread(() -> {
            while (running.get()) {
                long begin = System.nanoTime();
                try {
                    http.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.discarding());
                    micros.add((System.nanoTime() - begin) / 1000);
                    Thread.sleep(10);
                } catch (IOException e) {
                    failures.incrementAndGet(); // counted, and the probe goes on: a storm may refuse a call
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "admin-probe");
        thread.start();
    }

    /** Stops calling; the latencies, sorted. */
    List<Long> stop() throws InterruptedException {
        running.set(false);
        thread.join();
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return sorted;
    }

    /** Polls the stats until the server counts {@code count} connected devices (closes are asynchronous). */
    void awaitConnected(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"connectedDevices\":" + count + ",")
                || body.contains("\"connectedDevices\":" + count + "}")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server still counts connected devices after 2 minutes");
    }

    /** Calls that failed (no answer, connection refused). */
    int failures() {
        return failures.get();
    }

    /** The value at {@code quantile} (0–1) of sorted values. */
    static long percentile(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1));
    }
}
