package io.tbmock.bench;

import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long an in-process server takes from {@code start()} to ready: {@code start()} returning (port bound,
 * engine up), then to the first device holding a CONNACK, and how long {@code stop()} takes. The first
 * round runs in a fresh JVM (cold); the rest show the warm cost a test class pays.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.StartupBenchmark [rounds]</pre>
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<Double> starts = new ArrayList<>();
        List<Double> connacks = new ArrayList<>();
        List<Double> stops = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            TbMockServer server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).bindAddress("127.0.0.1").build());
            long t1 = System.nanoTime();
            server.mock().createDevice(NewDevice.named("dev").credentials(DeviceCredentials.token("T")));
            connect(server.mqttPort(), "T");
            long t2 = System.nanoTime();
            server.stop();
            long t3 = System.nanoTime();
            if (round == 0) {
                System.out.printf("cold: start() %.1f ms, first CONNACK after %.1f ms, stop() %.1f ms%n",
                    ms(t1 - t0), ms(t2 - t0), ms(t3 - t2));
            } else {
                starts.add(ms(t1 - t0));
                connacks.add(ms(t2 - t0));
                stops.add(ms(t3 - t2));
            }
        }
        if (!starts.isEmpty()) {
            System.out.printf("warm (%d rounds, median / max): start() %s, first CONNACK after %s, stop() %s%n",
                starts.size(), stats(starts), stats(connacks), stats(stops));
        }
    }

    /** A raw MQTT 3.1.1 CONNECT with the token as username; returns once the CONNACK arrived. */
    private static void connect(int port, String token) throws IOException {
        byte[] clientId = "bench".getBytes(StandardCharsets.UTF_8);
        byte[] username = token.getBytes(StandardCharsets.UTF_8);
        int remaining = 10 + 2 + clientId.length + 2 + username.length;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x10, (byte) remaining, 0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0x82, 0, 60});
            out.write(new byte[] {0, (byte) clientId.length});
            out.write(clientId);
            out.write(new byte[] {0, (byte) username.length});
            out.write(username);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] connack = in.readNBytes(4);
            if (connack.length != 4 || connack[0] != 0x20 || connack[3] != 0) {
                throw new IOException("no accepting CONNACK");
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String stats(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("%.1f / %.1f ms", sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}
