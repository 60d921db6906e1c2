package io.tbmock.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * mosquitto, bare Moquette and tbmock side by side under the same QoS 1 telemetry load (see
 * {@link PublishLoad}): for every client count and window, msg/s, p50/p99 PUBACK latency and the server's CPU
 * per message, and the rate in the first seconds after start. Every server is started afresh for each run;
 * the table gives medians over the runs, and the JSON file every run's figures.
 *
 * <pre>bench/compare.sh [runs=3] [clients=10,50,500] [windows=1,10] [warmup=2] [seconds=5]
 *                  [servers=mosquitto,moquette,tbmock] [json=bench/target/compare.json]
 *                  [jvm-opts="-XX:StartFlightRecording=filename=tbmock.jfr"] [generator=netty|mqttjs]</pre>
 * {@code generator=mqttjs} publishes from MQTT.js clients in a node process ({@link MqttJsLoad}) instead of the
 * Netty clients in this JVM ({@link PublishLoad}); the start-up rate is always the Netty clients'.
 */
public final class CompareBenchmark {
    /** Clients and window of the start-up measurement: a fleet simulation's first seconds. */
    private static final int COLD_CLIENTS = 50;
    private static final int COLD_SECONDS = 5;

    /** The arguments, {@code name=value}, and their defaults. */
    private static final String[][] DEFAULTS = {
        {"runs", "3"}, {"clients", "10,50,500"}, {"windows", "1,10"}, {"warmup", "2"}, {"seconds", "5"},
        {"servers", "mosquitto,moquette,tbmock"}, {"json", "bench/target/compare.json"},
        {"tbmock-jar", "app/target/tbmock.jar"}, {"bench-jar", "bench/target/tbmock-bench.jar"},
        {"jvm-opts", ""}, {"threads", "false"}, {"generator", "netty"},
    };

    private CompareBenchmark() {
    }

    /** Who publishes the load: Netty clients in this JVM, or MQTT.js clients in a node process. */
    enum Generator {
        NETTY("Netty"), MQTTJS("MQTT.js");

        final String label;

        Generator(String label) {
            this.label = label;
        }

        TelemetryLoad start(String host, int port, int clients, int window) throws Exception {
            return this == NETTY ? PublishLoad.start(host, port, clients, window)
                : MqttJsLoad.start(host, port, clients, window);
        }
    }

    /** One measured cell of one run. */
    record Result(String server, int run, int clients, int window, double msgPerSecond, long p50Micros,
                  long p99Micros, double cpuMicrosPerMessage) {
    }

    /** The rate over the first seconds after a server starts accepting connections. */
    record ColdResult(String server, int run, double msgPerSecond) {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args, DEFAULTS);
        int runs = options.integer("runs");
        int[] clientCounts = ints(options.text("clients"));
        int[] windows = ints(options.text("windows"));
        int warmup = options.integer("warmup");
        int seconds = options.integer("seconds");
        boolean byThread = Boolean.parseBoolean(options.text("threads"));
        Generator generator = Generator.valueOf(options.text("generator").toUpperCase(Locale.ROOT));
        List<ServerProcess.Kind> kinds = Arrays.stream(options.text("servers").split(","))
            .map(name -> ServerProcess.Kind.valueOf(name.toUpperCase(Locale.ROOT))).toList();
        int devices = Math.max(COLD_CLIENTS, Arrays.stream(clientCounts).max().orElse(0));
        Path workDir = Files.createTempDirectory("tbmock-compare");
        List<String> jvmOptions = options.words("jvm-opts");

        List<Result> results = new ArrayList<>();
        List<ColdResult> colds = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (ServerProcess.Kind kind : kinds) {
                try (ServerProcess server = ServerProcess.start(kind, workDir, Path.of(options.text("tbmock-jar")),
                    Path.of(options.text("bench-jar")), devices, jvmOptions)) {
                    ColdResult cold = cold(server, run);
                    colds.add(cold);
                    System.out.printf("run %d %-9s first %d s after start, %d clients: %,.0f msg/s%n", run,
                        kind.label(), COLD_SECONDS, COLD_CLIENTS, cold.msgPerSecond());
                    for (int clients : clientCounts) {
                        for (int window : windows) {
                            results.add(measureOrFail(generator, server, run, clients, window, warmup, seconds,
                                byThread));
                        }
                    }
                }
            }
        }
        String table = table(results, colds, kinds, clientCounts, windows, generator);
        System.out.println();
        System.out.print(table);
        Path json = Path.of(options.text("json"));
        Files.createDirectories(json.toAbsolutePath().getParent());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
            "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
        document.put("options", options.all());
        document.put("results", results);
        document.put("startup", colds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), document);
        System.out.println("every run's figures: " + json);
    }

    private static ColdResult cold(ServerProcess server, int run) throws Exception {
        long start = System.nanoTime();
        try (PublishLoad load = PublishLoad.start("127.0.0.1", server.mqttPort, COLD_CLIENTS, 1)) {
            Thread.sleep(Math.max(0, COLD_SECONDS * 1000L - (System.nanoTime() - start) / 1_000_000));
            return new ColdResult(server.kind.label(), run, load.acked() / (double) COLD_SECONDS);
        }
    }

    /** A cell where the server fails (bare Moquette drops connections under 500 × 10) is recorded as failed. */
    private static Result measureOrFail(Generator generator, ServerProcess server, int run, int clients, int window,
                                        int warmup, int seconds, boolean byThread) throws InterruptedException {
        try {
            return measure(generator, server, run, clients, window, warmup, seconds, byThread);
        } catch (Exception e) {
            System.out.printf("run %d %-9s %3d clients window %2d: failed: %s%n", run, server.kind.label(), clients,
                window, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return new Result(server.kind.label(), run, clients, window, Double.NaN, -1, -1, Double.NaN);
        }
    }

    private static Result measure(Generator generator, ServerProcess server, int run, int clients, int window,
                                  int warmup, int seconds, boolean byThread) throws Exception {
        try (TelemetryLoad load = generator.start("127.0.0.1", server.mqttPort, clients, window)) {
            Thread.sleep(warmup * 1000L);
            load.recordFromNow();
            long acked = load.acked();
            long cpu = server.cpuMicros();
            Map<String, long[]> threadsBefore = byThread ? server.cpuMicrosByThread() : Map.of();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long messages = load.acked() - acked;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuPerMessage = (server.cpuMicros() - cpu) / (double) messages;
            Map<String, long[]> threadsAfter = byThread ? server.cpuMicrosByThread() : Map.of();
            Result result = new Result(server.kind.label(), run, clients, window, messages / elapsed,
                load.latencyMicros(0.5), load.latencyMicros(0.99), cpuPerMessage);
            System.out.printf("run %d %-9s %3d clients window %2d: %,9.0f msg/s  p50 %5d µs  p99 %6d µs"
                    + "  CPU %5.1f µs/msg%n", run, server.kind.label(), clients, window, result.msgPerSecond(),
                result.p50Micros(), result.p99Micros(), result.cpuMicrosPerMessage());
            if (byThread) {
                printByThread(threadsBefore, threadsAfter, messages);
            }
            return result;
        }
    }

    /** The server's CPU per message (or other unit) by thread, user and system time apart, busiest first. */
    static void printByThread(Map<String, long[]> before, Map<String, long[]> after, long messages) {
        after.entrySet().stream()
            .map(e -> {
                long[] was = before.getOrDefault(e.getKey(), new long[2]);
                return Map.entry(e.getKey(), new double[] {(e.getValue()[0] - was[0]) / (double) messages,
                    (e.getValue()[1] - was[1]) / (double) messages});
            })
            .filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
            .sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
            .forEach(e -> System.out.printf("    %-28s user %7.2f  system %7.2f µs each%n", e.getKey(), e.getValue()[0],
                e.getValue()[1]));
    }

    private static String table(List<Result> results, List<ColdResult> colds, List<ServerProcess.Kind> kinds,
                                int[] clientCounts, int[] windows, Generator generator) {
        StringBuilder out = new StringBuilder();
        int runs = (int) results.stream().mapToInt(Result::run).distinct().count();
        out.append(String.format("QoS 1 telemetry from %s clients, medians of %d run(s); "
            + "ratios are tbmock / mosquitto%n", generator.label, runs));
        out.append(String.format("%-7s %-6s %-9s %10s %8s %8s %10s%n", "clients", "window", "server", "msg/s",
            "p50 µs", "p99 µs", "CPU µs/msg"));
        for (int clients : clientCounts) {
            for (int window : windows) {
                for (ServerProcess.Kind kind : kinds) {
                    List<Result> cell = cell(results, kind.label(), clients, window);
                    out.append(String.format("%-7d %-6d %-9s %,10.0f %8.0f %8.0f %10.1f%n", clients, window,
                        kind.label(), median(cell, Result::msgPerSecond), median(cell, r -> r.p50Micros()),
                        median(cell, r -> r.p99Micros()), median(cell, Result::cpuMicrosPerMessage)));
                }
                List<Result> tbmock = cell(results, "tbmock", clients, window);
                List<Result> mosquitto = cell(results, "mosquitto", clients, window);
                if (!tbmock.isEmpty() && !mosquitto.isEmpty()) {
                    out.append(String.format("%-7s %-6s %-9s %9.2fx %8s %8s %9.2fx%n", "", "", "ratio",
                        median(tbmock, Result::msgPerSecond) / median(mosquitto, Result::msgPerSecond), "", "",
                        median(tbmock, Result::cpuMicrosPerMessage) / median(mosquitto, Result::cpuMicrosPerMessage)));
                }
            }
        }
        out.append(String.format("%nfirst %d s after start, %d clients, window 1 (rate, and share of the warm rate):%n",
            COLD_SECONDS, COLD_CLIENTS));
        for (ServerProcess.Kind kind : kinds) {
            double cold = colds.stream().filter(c -> c.server().equals(kind.label()))
                .mapToDouble(ColdResult::msgPerSecond).sorted().toArray()[runs / 2];
            List<Result> warm = cell(results, kind.label(), COLD_CLIENTS, 1);
            String share = warm.isEmpty() ? ""
                : String.format("  (%.0f%% of warm)", 100 * cold / median(warm, Result::msgPerSecond));
            out.append(String.format("%-9s %,10.0f msg/s%s%n", kind.label(), cold, share));
        }
        return out.toString();
    }

    private static List<Result> cell(List<Result> results, String server, int clients, int window) {
        return results.stream().filter(r -> r.server().equals(server) && r.clients() == clients && r.window() == window)
            .toList();
    }

    /** The median of the runs that did not fail; NaN when all failed. */
    private static double median(List<Result> cell, ToDoubleFunction<Result> metric) {
        double[] values = cell.stream().filter(r -> !Double.isNaN(r.msgPerSecond())).mapToDouble(metric).sorted()
            .toArray();
        return values.length == 0 ? Double.NaN : values[values.length / 2];
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
