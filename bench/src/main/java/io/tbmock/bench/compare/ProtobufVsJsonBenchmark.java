package io.tbmock.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One tbmock jar, the same telemetry in JSON and in protobuf in turn: MQTT devices publishing at QoS 1 with one
 * message in flight each, first on the default profile (JSON), then on a profile whose payload type is PROTOBUF
 * (saved through the admin API under the devices' type, so the same sessions' next messages are protobuf). Per
 * format and round: messages per second and the server's CPU per message, from /proc; then the ratio. Measured,
 * never asserted. Arguments: {@code rounds=3 clients=50 warmup=2 seconds=5 tbmock-jar=… bench-jar=…}.
 */
public final class ProtobufVsJsonBenchmark {
    private static final String[][] DEFAULTS = {
        {"rounds", "3"}, {"clients", "50"}, {"warmup", "2"}, {"seconds", "5"},
        {"tbmock-jar", "app/target/tbmock.jar"}, {"bench-jar", "bench/target/tbmock-bench.jar"},
    };
    /** The JSON load's values as a protobuf message: what a device on a protobuf profile sends instead. */
    private static final String SCHEMA = "syntax = \"proto3\";\npackage bench;\nmessage Telemetry {\n"
        + "  optional double temperature = 1;\n  optional int32 humidity = 2;\n  optional int64 seq = 3;\n}";

    /** {@code Telemetry {temperature: 2x.5, humidity: 61, seq: n}}, written by protobuf's own encoder. */
    private static final PublishLoad.Payload PROTOBUF = (buffer, seq) -> {
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(new ByteBufOutputStream(buffer));
            out.writeDouble(1, 20 + seq % 10 + 0.5);
            out.writeInt32(2, 61);
            out.writeInt64(3, seq);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    private ProtobufVsJsonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args, DEFAULTS);
        int rounds = options.integer("rounds");
        int clients = options.integer("clients");
        int warmup = options.integer("warmup");
        int seconds = options.integer("seconds");
        Path workDir = Files.createTempDirectory("tbmock-protobuf-vs-json");
        HttpClient http = HttpClient.newHttpClient();
        try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.TBMOCK, workDir,
            Path.of(options.text("tbmock-jar")), Path.of(options.text("bench-jar")), clients, List.of())) {
            URI profiles = URI.create("http://127.0.0.1:" + server.httpPort + "/admin/device-profiles");
            System.out.printf("%d clients, QoS 1, one message in flight each, %d s warm-up, %d s measured%n", clients,
                warmup, seconds);
            System.out.printf("%-6s %-9s %12s %14s%n", "round", "format", "messages/s", "CPU µs/msg");
            for (int round = 1; round <= rounds; round++) {
                MeasuredWindow json;
                try (PublishLoad load = PublishLoad.start("127.0.0.1", server.mqttPort, clients, 1, PublishLoad.JSON)) {
                    json = MeasuredWindow.measure(server, load::acked, warmup, seconds);
                }
                send(http, HttpRequest.newBuilder(profiles).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(profile())));
                MeasuredWindow protobuf;
                try (PublishLoad load = PublishLoad.start("127.0.0.1", server.mqttPort, clients, 1, PROTOBUF)) {
                    protobuf = MeasuredWindow.measure(server, load::acked, warmup, seconds);
                }
                send(http, HttpRequest.newBuilder(URI.create(profiles + "/default")).DELETE());
                System.out.printf("%-6d %-9s %,12.0f %14.1f%n", round, "JSON", json.perSecond(), json.cpuMicrosPerUnit());
                System.out.printf("%-6d %-9s %,12.0f %14.1f%n", round, "protobuf", protobuf.perSecond(),
                    protobuf.cpuMicrosPerUnit());
                System.out.printf("%-6d protobuf/JSON CPU per message: %.2fx%n", round,
                    protobuf.cpuMicrosPerUnit() / json.cpuMicrosPerUnit());
            }
        }
    }

    /** A profile of the devices' type ({@code default}) whose payload type is PROTOBUF, as the admin API takes it. */
    private static String profile() {
        ObjectNode body = new ObjectMapper().createObjectNode().put("name", "default").put("transportType", "MQTT");
        body.putObject("transportConfiguration").put("type", "MQTT").putObject("transportPayloadTypeConfiguration")
            .put("transportPayloadType", "PROTOBUF").put("deviceTelemetryProtoSchema", SCHEMA)
            .put("deviceAttributesProtoSchema", SCHEMA);
        return body.toString();
    }

    private static void send(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }
}
