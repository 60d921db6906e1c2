package io.tbmock.bench.compare;

import io.tbmock.bench.RawDevice;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection storm: devices connect, get their CONNACK and drop, as fast as a capped rate allows, for a bounded
 * count; meanwhile the admin API is called every 10 ms. Prints the CONNECT rate held, refusals and errors, the
 * admin API's latency and failures, the live heap before and after, and whether the server is healthy and
 * answers a fresh device once the storm is over. Measured, never asserted; not part of {@code mvn verify}.
 *
 * <pre>bench/storm.sh [connects=20000] [rate=5000] [clients=64] [heap=512m]</pre>
 * Each client thread is a device of its own (a token each), so the storm is connects, not takeovers. Every
 * closed connection leaves a client port in TIME_WAIT for a minute: about 28,000 connects a minute is the
 * loopback limit here.
 */
public final class StormBenchmark {
    private StormBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args,
            new String[][] {{"connects", "20000"}, {"rate", "5000"}, {"clients", "64"}, {"heap", "512m"}});
        int connects = options.integer("connects");
        int rate = options.integer("rate");
        int clients = options.integer("clients");
        String heap = options.text("heap");
        Path workDir = Files.createTempDirectory("tbmock-storm");
        try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.TBMOCK, workDir,
            Path.of("app/target/tbmock.jar"), Path.of("bench/target/tbmock-bench.jar"), clients + 1,
            List.of("-Xmx" + heap), List.of("--quiet"))) {
            long heapBefore = server.liveHeapBytes();
            AdminProbe probe = new AdminProbe(server.httpPort);
            probe.start();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long start = System.nanoTime();
            long nanosPerConnectPerClient = TimeUnit.SECONDS.toNanos(1) * clients / rate;
            int perClient = connects / clients;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String token = "L" + c;
                running.add(pool.submit(() -> {
                    long next = System.nanoTime();
                    for (int i = 0; i < perClient; i++) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait); // the rate cap, spread over the clients
                        }
                        next += nanosPerConnectPerClient;
                        try (Socket device = RawDevice.connect(server.mqttPort, "storm-" + token, token)) {
                            accepted.incrementAndGet();
                        } catch (IOException refusedOrDropped) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            List<Long> adminMicros = probe.stop();
            System.out.printf("storm: %,d CONNECTs (%d clients, cap %,d/s) in %.1f s: %,.0f CONNECT/s held, "
                    + "%,d accepted, %,d refused or dropped%n", accepted.get() + failed.get(), clients, rate, seconds,
                (accepted.get() + failed.get()) / seconds, accepted.get(), failed.get());
            System.out.printf("admin API meanwhile (GET /admin/stats every 10 ms): %d calls, %d failed, p50 %.1f ms, "
                    + "p99 %.1f ms, max %.1f ms%n", adminMicros.size(), probe.failures(),
                AdminProbe.percentile(adminMicros, 0.5) / 1000.0, AdminProbe.percentile(adminMicros, 0.99) / 1000.0,
                adminMicros.get(adminMicros.size() - 1) / 1000.0);
            probe.awaitConnected(0);
            long heapAfter = server.liveHeapBytes();
            System.out.printf("live heap (-Xmx%s): %,.1f MiB before, %,.1f MiB after the storm; resident %,.0f MiB%n",
                heap, heapBefore / 1048576.0, heapAfter / 1048576.0, server.residentBytes() / 1048576.0);
            String last = "L" + clients;
            try (Socket fresh = RawDevice.connect(server.mqttPort, "after-the-storm", last)) {
                System.out.println("after the storm: every session closed, and a fresh device is answered CONNACK 0");
            }
        }
    }
}
