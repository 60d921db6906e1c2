package io.tbmock.bench;

import io.tbmock.admin.AdminServer;
import io.tbmock.client.TbMockClient;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.NewDevice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import static io.tbmock.server.model.DeviceCredentials.token;

/**
 * What a call costs through each door of {@link TbMock}: in-process, and {@link TbMockClient} over the admin
 * API on loopback to the same server. Each call kind runs {@code calls} times after a warm-up; the figures
 * are the median and p90 of single calls.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.DoorOverheadBenchmark [calls]</pre>
 */
public final class DoorOverheadBenchmark {
    private DoorOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (TbMockServer server = TbMockServer.start(TbMockOptions.builder().bindAddress("127.0.0.1").mqttPort(0)
                 .mqttsPort(TbMockOptions.DISABLED).build());
             AdminServer admin = AdminServer.start(server, "127.0.0.1", 0);
             TbMockClient client = TbMockClient.connect("http://127.0.0.1:" + admin.port())) {
            server.mock().createDevice(NewDevice.named("dev-1").credentials(token("T1")));
            server.mock().setSharedAttributesJson("dev-1", "{\"mode\":\"eco\"}");
            for (String door : List.of("in-process", "HTTP")) {
                TbMock tb = door.equals("in-process") ? server.mock() : client;
                measure(door, "device(name)", calls, call -> tb.device("dev-1"));
                measure(door, "attributes(device)", calls, call -> tb.attributes("dev-1"));
                measure(door, "setSharedAttributesJson", calls,
                    call -> tb.setSharedAttributesJson("dev-1", "{\"n\":" + call + "}"));
                measure(door, "stats()", calls, call -> tb.stats());
            }
        }
    }

    private static void measure(String door, String what, int calls, Consumer<Integer> call) {
        for (int i = 0; i < calls; i++) {
            call.accept(i); // warm-up: class loading, JIT, connections
        }
        List<Double> micros = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.accept(i);
            micros.add((System.nanoTime() - start) / 1000.0);
        }
        Collections.sort(micros);
        System.out.printf("%-10s %-24s median %8.1f µs, p90 %8.1f µs over %d calls%n", door, what,
            micros.get(calls / 2), micros.get((int) (calls * 0.9)), calls);
    }
}
