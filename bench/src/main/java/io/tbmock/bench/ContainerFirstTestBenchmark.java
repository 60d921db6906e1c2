package io.tbmock.bench;

import io.tbmock.server.TbMock;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testcontainers.TbMockContainer;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.tbmock.server.model.DeviceCredentials.token;

/**
 * From a test class's {@code TbMockContainer.start()} to its first test done: the container started and
 * healthy, a device created through the HTTP handle, connected, its telemetry sent and waited for. Needs a
 * Docker engine and the image (default {@code tbmock:latest}).
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.ContainerFirstTestBenchmark [runs] [image]</pre>
 */
public final class ContainerFirstTestBenchmark {
    private ContainerFirstTestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String image = args.length > 1 ? args[1] : "tbmock:latest";
        List<Long> started = new ArrayList<>();
        List<Long> firstTest = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long begin = System.nanoTime();
            try (TbMockContainer tbmock = new TbMockContainer(image)) {
                tbmock.start();
                started.add((System.nanoTime() - begin) / 1_000_000);
                TbMock tb = tbmock.admin();
                tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
                try (Socket device = RawDevice.connect(tbmock.getMappedPort(TbMockContainer.MQTT_PORT), "c1", "T1")) {
                    RawDevice.publishQos0(device.getOutputStream(), "v1/devices/me/telemetry",
                        "{\"t\":1}".getBytes(StandardCharsets.UTF_8));
                    tb.awaitTelemetry("dev-1", "t", Duration.ofSeconds(10));
                }
                firstTest.add((System.nanoTime() - begin) / 1_000_000);
            }
        }
        System.out.printf("%s, %d runs: start() to healthy median %d ms (%d-%d); to the first test done median "
                + "%d ms (%d-%d)%n", image, runs, median(started), Collections.min(started), Collections.max(started),
            median(firstTest), Collections.min(firstTest), Collections.max(firstTest));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
