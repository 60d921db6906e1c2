package io.tbmock.bench.compare;

import io.netty.handler.ssl.SslProvider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Many idle device sessions in one tbmock: the connect rate with TLS off and on, the heap the sessions hold
 * (live heap after a full GC, before and after, with {@code -Xmx} as given), and how fast the admin API answers
 * while they connect. tbmock is the jar in a process of its own; the clients are Netty in this JVM.
 *
 * <pre>bench/sessions.sh [sessions=100000] [tls-sessions=5000] [concurrency=200] [heap=1g] [jvm-opts=…]
 *     [client-tls=openssl|jdk] [threads=true] [histogram=true] [warmup=sessions first connected and closed]
 *     [admin-probe=false]</pre>
 * {@code admin-probe=false} leaves the admin API alone while the sessions connect, so that tbmock's connect rate
 * compares with a {@code peer}'s, which has no admin API to answer.
 * The open-file limit bounds the sessions: each takes a descriptor in the server and one here. The script
 * raises the limit as far as the machine lets it; beyond it the count is lowered, and says so.
 */
public final class SessionsBenchmark {
    private SessionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args, new String[][] {{"sessions", "100000"}, {"tls-sessions", "5000"},
            {"concurrency", "200"}, {"heap", "1g"}, {"jvm-opts", ""}, {"peer", ""}, {"client-tls", "openssl"},
            {"threads", "false"}, {"histogram", "false"}, {"warmup", "0"}, {"admin-probe", "true"}});
        int sessions = options.integer("sessions");
        int tlsSessions = options.integer("tls-sessions");
        int concurrency = options.integer("concurrency");
        String heap = options.text("heap");
        String peer = options.text("peer");
        boolean byThread = Boolean.parseBoolean(options.text("threads"));
        boolean histogram = Boolean.parseBoolean(options.text("histogram"));
        int warmup = options.integer("warmup");
        boolean probing = Boolean.parseBoolean(options.text("admin-probe"));
        // The clients share the server's cores: BoringSSL keeps their share of a handshake small.
        SslProvider clientTls = SslProvider.valueOf(options.text("client-tls").toUpperCase(Locale.ROOT));
        List<String> jvmOptions = new ArrayList<>(options.words("jvm-opts"));
        long fileLimit = openFileLimit();
        int possible = (int) Math.max(0, fileLimit - 1_000);
        if (sessions > possible) {
            System.out.printf("open-file limit here is %,d: %,d sessions asked for, %,d measured%n", fileLimit,
                sessions, possible);
            sessions = possible;
        }
        tlsSessions = Math.min(tlsSessions, sessions);
        jvmOptions.add(0, "-Xmx" + heap);
        Path workDir = Files.createTempDirectory("tbmock-sessions");
        if (!peer.isEmpty()) { // the same clients against mosquitto or bare Moquette: CONNECT/s, TLS off
            ServerProcess.Kind kind = ServerProcess.Kind.valueOf(peer.toUpperCase(Locale.ROOT));
            try (ServerProcess server = ServerProcess.start(kind, workDir, Path.of("app/target/tbmock.jar"),
                Path.of("bench/target/tbmock-bench.jar"), 0, List.of());
                 IdleSessions open = timed(kind.label(), server, server.mqttPort, null, sessions, concurrency, byThread)) {
                return; // measured as they connected
            }
        }
        try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.TBMOCK, workDir,
            Path.of("app/target/tbmock.jar"),
            Path.of("bench/target/tbmock-bench.jar"), sessions, jvmOptions, List.of("--quiet"))) {
            AdminProbe probe = new AdminProbe(server.httpPort);
            if (warmup > 0) { // connects that let the JIT compile the path first, so the measured ones show its cost
                IdleSessions.connect(server.mqttPort, null, Math.min(warmup, sessions), concurrency).close();
                probe.awaitConnected(0);
            }
            long heapBefore = server.liveHeapBytes();
            Map<String, long[]> classesBefore = histogram ? server.liveObjectsByClass() : Map.of();
            if (probing) {
                probe.start();
            }
            try (IdleSessions plain = timed("tbmock", server, server.mqttPort, null, sessions, concurrency, byThread)) {
                List<Long> adminMicros = probing ? probe.stop() : List.of();
                long heapAfter = server.liveHeapBytes();
                System.out.printf("live heap (-Xmx%s): %,.1f MiB before, %,.1f MiB with the sessions: %,.0f bytes a "
                        + "session; process resident %,.0f MiB%n", heap, heapBefore / 1048576.0, heapAfter / 1048576.0,
                    (heapAfter - heapBefore) / (double) plain.size(), server.residentBytes() / 1048576.0);
                if (histogram) {
                    printPerSession(classesBefore, server.liveObjectsByClass(), plain.size());
                }
                if (probing) {
                    System.out.printf("admin API (GET /admin/stats every 10 ms) while they connected: %d calls, "
                            + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", adminMicros.size(),
                        AdminProbe.percentile(adminMicros, 0.5) / 1000.0,
                        AdminProbe.percentile(adminMicros, 0.99) / 1000.0, adminMicros.get(adminMicros.size() - 1) / 1000.0);
                }
            }
            if (tlsSessions == 0) {
                return;
            }
            probe.awaitConnected(0);
            // The rate includes the handshakes; the first connection waits for the server certificate.
            try (IdleSessions tls = timed("tbmock", server, server.mqttsPort, clientTls, tlsSessions, concurrency,
                byThread)) {
                // measured as they connected; closed here
            }
        }
    }

    /** Opens the sessions and prints how fast they connected, and the server's CPU per CONNECT. */
    private static IdleSessions timed(String label, ServerProcess server, int port, SslProvider tls, int sessions,
                                      int concurrency, boolean byThread) throws Exception {
        Map<String, long[]> threadsBefore = byThread ? server.cpuMicrosByThread() : Map.of();
        long cpu = server.cpuMicros();
        long start = System.nanoTime();
        IdleSessions open = IdleSessions.connect(port, tls, sessions, concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPerConnect = (server.cpuMicros() - cpu) / (double) open.size();
        System.out.printf("%s: %,d sessions, TLS %s: connected in %.1f s, %,.0f CONNECT/s (%d in flight at most), "
                + "server CPU %,.0f µs per CONNECT%n", label, open.size(), tls == null ? "off" : "on (clients: " + tls
                + ")", seconds, open.size() / seconds, concurrency, cpuPerConnect);
        if (byThread) {
            CompareBenchmark.printByThread(threadsBefore, server.cpuMicrosByThread(), open.size());
        }
        return open;
    }

    /** The live objects the sessions added, per session, by class: the 40 that take the most bytes. */
    private static void printPerSession(Map<String, long[]> before, Map<String, long[]> after, int sessions) {
        after.entrySet().stream()
            .map(e -> {
                long[] was = before.getOrDefault(e.getKey(), new long[2]);
                return Map.entry(e.getKey(), new double[] {(e.getValue()[0] - was[0]) / (double) sessions,
                    (e.getValue()[1] - was[1]) / (double) sessions});
            })
            .sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
            .limit(40)
            .forEach(e -> System.out.printf("    %7.1f bytes %5.2f objects  %s%n", e.getValue()[1], e.getValue()[0],
                e.getKey()));
    }

    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.split("\\s+")[3]);
            }
        }
        return 1024;
    }
}
