package io.tbmock.bench;

import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.TsValue;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * One gateway whose children all publish at once (docs/thingsboard-mqtt.md §11): {@code rounds} rounds in which each of
 * {@code children} children sends a value on {@code v1/gateway/telemetry}, {@code perMessage} children to a
 * message, QoS 1, up to 1000 messages without their PUBACK. Measures children's values per second through
 * the whole front (the first message of each child also creates it), then checks that every child holds
 * exactly its own values, in order.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.GatewayTelemetryBenchmark [children] [rounds] [perMessage]</pre>
 */
public final class GatewayTelemetryBenchmark {
    private static final int WINDOW = 1000;

    private GatewayTelemetryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int children = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int perMessage = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (children % perMessage != 0) {
            throw new IllegalArgumentException("children must be a multiple of perMessage");
        }
        try (TbMockServer server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).bindAddress("127.0.0.1").build())) {
            for (int run = 0; run < 3; run++) { // the first run warms the JIT up
                server.mock().reset();
                double perSecond = run(server, children, rounds, perMessage);
                System.out.printf("%s: 1 gateway, %d children x %d values, %d per message: %.0f values/s%n",
                    run == 0 ? "warm-up" : "measured", children, rounds, perMessage, perSecond);
            }
        }
    }

    private static double run(TbMockServer server, int children, int rounds, int perMessage) throws Exception {
        TbMock tb = server.mock();
        tb.createDevice(NewDevice.named("gw").gateway(true).credentials(DeviceCredentials.token("GW")));
        int messages = rounds * children / perMessage;
        long start = System.nanoTime();
        try (Socket socket = RawDevice.connect(server.mqttPort(), "gw", "GW")) {
            Semaphore window = new Semaphore(WINDOW);
            Thread reader = new Thread(() -> readPubacks(socket, messages, window));
            reader.start();
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            int sent = 0;
            for (int round = 0; round < rounds; round++) {
                for (int first = 0; first < children; first += perMessage) {
                    window.acquire();
                    RawDevice.publishQos1(out, "v1/gateway/telemetry", sent % 65535 + 1,
                        message(round, first, perMessage));
                    sent++;
                    if (window.availablePermits() == 0 || sent == messages) {
                        out.flush();
                    }
                }
            }
            out.flush();
            reader.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        check(tb, children, rounds);
        return (double) children * rounds / seconds;
    }

    /** {@code {"child-7":[{"seq":3,"t":21.5}], …}}: a value of the round for each child of the message. */
    private static byte[] message(int round, int first, int perMessage) {
        StringBuilder json = new StringBuilder("{");
        for (int c = first; c < first + perMessage; c++) {
            if (c > first) {
                json.append(',');
            }
            json.append("\"child-").append(c).append("\":[{\"seq\":").append(round).append(",\"t\":")
                .append(20 + c % 10).append(".5}]");
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void readPubacks(Socket socket, int count, Semaphore window) {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < count; i++) {
                byte[] puback = new byte[4];
                in.readFully(puback);
                if (puback[0] != 0x40) {
                    throw new IllegalStateException("expected PUBACK, got packet type " + (puback[0] & 0xFF));
                }
                window.release();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every child holds exactly its own values: seq 0 … rounds-1, in order, and its own temperature. */
    private static void check(TbMock tb, int children, int rounds) {
        for (int c = 0; c < children; c++) {
            String child = "child-" + c;
            List<TsValue> seq = tb.telemetry(child, "seq").get("seq");
            List<TsValue> t = tb.telemetry(child, "t").get("t");
            if (seq.size() != rounds || t.size() != rounds) {
                throw new IllegalStateException(child + " holds " + seq.size() + " values, not " + rounds);
            }
            for (int r = 0; r < rounds; r++) {
                if (!seq.get(r).value().equals(KvValue.of(r)) || !t.get(r).value().equals(KvValue.of(20 + c % 10 + 0.5))) {
                    throw new IllegalStateException(child + "'s value " + r + " is not its own: " + seq.get(r) + ", " + t.get(r));
                }
            }
        }
    }
}
