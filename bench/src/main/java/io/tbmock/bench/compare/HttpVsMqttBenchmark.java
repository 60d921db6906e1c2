package io.tbmock.bench.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One tbmock jar, the same telemetry two ways in turn: HTTP devices posting to {@code /api/v1/{token}/telemetry} on
 * kept-alive connections, one request in flight each, and MQTT devices publishing at QoS 1 with one message in
 * flight each. Per transport and round: requests (or messages) per second and the server's CPU per request, from
 * /proc; then the ratio. Measured, never asserted.
 * Arguments: {@code rounds=3 clients=50 warmup=2 seconds=5 tbmock-jar=… bench-jar=…}.
 */
public final class HttpVsMqttBenchmark {
    private static final String[][] DEFAULTS = {
        {"rounds", "3"}, {"clients", "50"}, {"warmup", "2"}, {"seconds", "5"},
        {"tbmock-jar", "app/target/tbmock.jar"}, {"bench-jar", "bench/target/tbmock-bench.jar"},
    };

    private HttpVsMqttBenchmark() {
    }

    /** What one transport did in one measured window. */
    private record Window(double perSecond, double cpuMicrosPerRequest) {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args, DEFAULTS);
        int rounds = options.integer("rounds");
        int clients = options.integer("clients");
        int warmup = options.integer("warmup");
        int seconds = options.integer("seconds");
        Path workDir = Files.createTempDirectory("tbmock-http-vs-mqtt");
        try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.TBMOCK, workDir,
            Path.of(options.text("tbmock-jar")), Path.of(options.text("bench-jar")), clients, List.of())) {
            System.out.printf("%d clients, one request in flight each, %d s warm-up, %d s measured%n", clients, warmup,
                seconds);
            System.out.printf("%-6s %-5s %12s %16s%n", "round", "via", "requests/s", "CPU µs/request");
            for (int round = 1; round <= rounds; round++) {
                Window http;
                try (HttpTelemetryLoad load = HttpTelemetryLoad.start("127.0.0.1", server.httpPort, clients)) {
                    http = measure(server, load::answered, warmup, seconds);
                    if (load.failed() > 0) {
                        throw new IllegalStateException(load.failed() + " HTTP requests were not answered 200");
                    }
                }
                Window mqtt;
                try (PublishLoad load = PublishLoad.start("127.0.0.1", server.mqttPort, clients, 1)) {
                    mqtt = measure(server, load::acked, warmup, seconds);
                }
                System.out.printf("%-6d %-5s %,12.0f %16.1f%n", round, "HTTP", http.perSecond(), http.cpuMicrosPerRequest());
                System.out.printf("%-6d %-5s %,12.0f %16.1f%n", round, "MQTT", mqtt.perSecond(), mqtt.cpuMicrosPerRequest());
                System.out.printf("%-6d HTTP/MQTT CPU per request: %.2fx%n", round,
                    http.cpuMicrosPerRequest() / mqtt.cpuMicrosPerRequest());
            }
        }
    }

    private static Window measure(ServerProcess server, LongSupplier done, int warmup, int seconds) throws Exception {
        Thread.sleep(warmup * 1000L); // the warm-up is a span of load, not a wait for an event
        long count = done.getAsLong();
        long cpu = server.cpuMicros();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long requests = done.getAsLong() - count;
        long cpuUsed = server.cpuMicros() - cpu;
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Window(requests / elapsed, requests == 0 ? Double.NaN : (double) cpuUsed / requests);
    }
}
