package io.tbmock.bench;

import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * QoS 1 telemetry through the whole front (parse, type, store, journal, PUBACK): {@code devices}
 * connections each write {@code perDevice} publishes as fast as the socket takes them (up to 1000 without
 * their PUBACK), and the PUBACKs are counted. Raw sockets, so the client costs little.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.TelemetryThroughputBenchmark [devices] [perDevice]</pre>
 */
public final class TelemetryThroughputBenchmark {
    private static final int WINDOW = 1000;

    private TelemetryThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int perDevice = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        try (TbMockServer server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).bindAddress("127.0.0.1").build())) {
            for (int round = 0; round < 2; round++) { // the first round warms the JIT up
                server.mock().reset();
                double perSecond = run(server, devices, perDevice);
                System.out.printf("%s: %d devices x %d QoS 1 telemetry messages: %.0f msg/s%n",
                    round == 0 ? "warm-up" : "measured", devices, perDevice, perSecond);
            }
        }
    }

    private static double run(TbMockServer server, int devices, int perDevice) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            server.mock().createDevice(NewDevice.named("bench-" + d).credentials(DeviceCredentials.token("B" + d)));
            sockets.add(RawDevice.connect(server.mqttPort(), "bench-" + d, "B" + d));
        }
        CountDownLatch done = new CountDownLatch(devices);
        AtomicLong acked = new AtomicLong();
        long start = System.nanoTime();
        for (Socket socket : sockets) {
            new Thread(() -> drive(socket, perDevice, acked, done)).start();
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + acked.get() + " PUBACKs arrived");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Socket socket : sockets) {
            socket.close();
        }
        return acked.get() / seconds;
    }

    private static void drive(Socket socket, int count, AtomicLong acked, CountDownLatch done) {
        try {
            Semaphore window = new Semaphore(WINDOW);
            Thread reader = new Thread(() -> {
                try {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    for (int i = 0; i < count; i++) {
                        byte[] puback = new byte[4];
                        in.readFully(puback);
                        window.release();
                        acked.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
            reader.start();
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            byte[] topic = "v1/devices/me/telemetry".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < count; i++) {
                window.acquire();
                byte[] payload = ("{\"temperature\":" + (20 + i % 10) + ".5,\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                int packetId = i % 65535 + 1;
                int remaining = 2 + topic.length + 2 + payload.length;
                out.write(0x32); // PUBLISH, QoS 1
                out.write(remaining);
                out.write(0);
                out.write(topic.length);
                out.write(topic);
                out.write(packetId >> 8);
                out.write(packetId & 0xFF);
                out.write(payload);
                if (window.availablePermits() == 0 || i == count - 1) {
                    out.flush();
                }
            }
            out.flush();
            reader.join();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
