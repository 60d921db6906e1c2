package io.tbmock.bench;

import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long an in-process server takes from {@code start()} to ready: {@code start()} returning (ports bound,
 * engine up), then to the first device holding a CONNACK, and how long {@code stop()} takes. The first
 * round runs in a fresh JVM (cold); the rest show the warm cost a test class pays. With {@code tls} the
 * server also mints its CA and server certificate at start, which is what TLS adds.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.StartupBenchmark [rounds] [plain|tls]</pre>
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        boolean tls = args.length > 1 && args[1].equals("tls");
        System.out.println(tls ? "with TLS (CA and server certificate minted at start):" : "plain MQTT only:");
        List<Double> starts = new ArrayList<>();
        List<Double> connacks = new ArrayList<>();
        List<Double> stops = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            TbMockServer server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).bindAddress("127.0.0.1")
                .mqttsPort(tls ? 0 : TbMockOptions.DISABLED).build());
            long t1 = System.nanoTime();
            server.mock().createDevice(NewDevice.named("dev").credentials(DeviceCredentials.token("T")));
            RawDevice.connect(server.mqttPort(), "bench", "T").close();
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

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String stats(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("%.1f / %.1f ms", sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}
