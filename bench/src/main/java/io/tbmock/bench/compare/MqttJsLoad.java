package io.tbmock.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same load as {@link PublishLoad} from MQTT.js clients: a node process running bench/mqttjs/load.js, which
 * answers this class's commands one line each on its standard output. Needs node and {@code npm ci} in
 * bench/mqttjs (compare.sh runs it).
 */
final class MqttJsLoad implements TelemetryLoad {
    private static final Path SCRIPT = Path.of("bench/mqttjs/load.js");

    private final Process node;
    private final Writer commands;
    private final BufferedReader answers;

    private MqttJsLoad(Process node) {
        this.node = node;
        this.commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.US_ASCII);
        this.answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Starts the clients; returns once every one is connected and publishing. */
    static MqttJsLoad start(String host, int port, int clients, int window) throws IOException, InterruptedException {
        if (!Files.exists(SCRIPT.resolveSibling("node_modules"))) {
            throw new IOException("MQTT.js is not installed: run `npm ci` in bench/mqttjs (compare.sh does)");
        }
        Process node = new ProcessBuilder(List.of("node", SCRIPT.toString(), host, String.valueOf(port),
            String.valueOf(clients), String.valueOf(window))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        MqttJsLoad load = new MqttJsLoad(node);
        String first = load.answers.readLine();
        if (!"ready".equals(first)) {
            load.close();
            throw new IOException("the MQTT.js clients did not connect (node said " + first + ")");
        }
        return load;
    }

    @Override
    public long acked() throws IOException {
        return Long.parseLong(ask("acked"));
    }

    @Override
    public void recordFromNow() throws IOException {
        ask("record");
    }

    @Override
    public long latencyMicros(double quantile) throws IOException {
        return Long.parseLong(ask("latency " + quantile));
    }

    private String ask(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        String answer = answers.readLine();
        if (answer == null) {
            throw new IOException("the MQTT.js generator ended (a client was refused or closed)");
        }
        return answer;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            commands.write("stop\n");
            commands.flush();
        } catch (IOException ended) {
            // it has gone already
        }
        if (!node.waitFor(10, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }
}
