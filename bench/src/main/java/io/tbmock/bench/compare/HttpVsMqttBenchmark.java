package io.tbmock.bench.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
                MeasuredWindow http;
                try (HttpTelemetryLoad load = HttpTelemetryLoad.start("127.0.0.1", server.httpPort, clients)) {
                    http = MeasuredWindow.measure(server, load::answered, warmup, seconds);
                    if (load.failed() > 0) {
                        throw new IllegalStateException(load.failed() + " HTTP requests were not answered 200");
                    }
                }
                MeasuredWindow mqtt;
                try (PublishLoad load = PublishLoad.start("127.0.0.1", server.mqttPort, clients, 1)) {
                    mqtt = MeasuredWindow.measure(server, load::acked, warmup, seconds);
                }
                System.out.printf("%-6d %-5s %,12.0f %16.1f%n", round, "HTTP", http.perSecond(), http.cpuMicrosPerUnit());
                System.out.printf("%-6d %-5s %,12.0f %16.1f%n", round, "MQTT", mqtt.perSecond(), mqtt.cpuMicrosPerUnit());
                System.out.printf("%-6d HTTP/MQTT CPU per request: %.2fx%n", round,
                    http.cpuMicrosPerUnit() / mqtt.cpuMicrosPerUnit());
            }
        }
    }
}
