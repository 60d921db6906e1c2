package io.tbmock.bench;

import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewOtaPackage;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Firmware download rate: {@code devices} raw-socket devices fetch the same package at once, each as update code
 * does it (ask for chunk n, wait for it, ask for n+1), with QoS 0 requests and a QoS 0 chunk subscription, as
 * a device that verifies a checksum at the end need not acknowledge each chunk. Reports megabytes (2^20 bytes)
 * of package served per second, all devices together.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.OtaDownloadBenchmark [devices,…] [packageKiB] [chunkBytes]</pre>
 * Defaults: 1 and 50 devices, a 1024 KiB package, 4096-byte chunks; the median of 7 rounds each.
 */
public final class OtaDownloadBenchmark {
    private static final int ROUNDS = 7;
    private OtaDownloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String[] deviceCounts = (args.length > 0 ? args[0] : "1,50").split(",");
        int packageBytes = (args.length > 1 ? Integer.parseInt(args[1]) : 1024) * 1024;
        int chunkSize = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        byte[] image = new byte[packageBytes];
        new Random(1).nextBytes(image);
        try (TbMockServer server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).bindAddress("127.0.0.1").build())) {
            run(server, 10, image, chunkSize); // warms the JIT up
            for (String count : deviceCounts) {
                int devices = Integer.parseInt(count);
                double[] seconds = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    seconds[round] = run(server, devices, image, chunkSize);
                }
                Arrays.sort(seconds);
                double megabytes = devices * (double) packageBytes / (1 << 20);
                System.out.printf("%d device(s) x %d KiB in %d-byte chunks: median %.1f MB/s (min %.1f, max %.1f) "
                        + "over %d rounds%n", devices, packageBytes / 1024, chunkSize, megabytes / seconds[ROUNDS / 2],
                    megabytes / seconds[ROUNDS - 1], megabytes / seconds[0], ROUNDS);
            }
        }
    }

    /** @return the seconds from the first request to the last device's last byte */
    private static double run(TbMockServer server, int devices, byte[] image, int chunkSize) throws Exception {
        server.mock().reset();
        String packageId = server.mock().uploadOtaPackage(NewOtaPackage.firmware("bench", "1"), image).id();
        List<Socket> sockets = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            String name = "ota-" + d;
            server.mock().createDevice(NewDevice.named(name).credentials(DeviceCredentials.token("O" + d)));
            server.mock().assignOtaPackage(name, packageId);
            Socket socket = RawDevice.connect(server.mqttPort(), name, "O" + d);
            RawDevice.subscribeQos0(socket.getOutputStream(), "v2/fw/response/+/chunk/+");
            RawDevice.readPacket(new DataInputStream(socket.getInputStream())); // SUBACK
            sockets.add(socket);
        }
        long start = System.nanoTime();
        List<CompletableFuture<Void>> downloads = new ArrayList<>();
        for (Socket socket : sockets) {
            downloads.add(CompletableFuture.runAsync(() -> download(socket, image.length, chunkSize),
                command -> new Thread(command).start()));
        }
        CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Socket socket : sockets) {
            socket.close();
        }
        return seconds;
    }

    private static void download(Socket socket, int size, int chunkSize) {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] requestedSize = String.valueOf(chunkSize).getBytes(StandardCharsets.UTF_8);
            long received = 0;
            for (int index = 0; received < size; index++) {
                RawDevice.publishQos0(out, "v2/fw/request/1/chunk/" + index, requestedSize);
                RawDevice.Packet packet;
                do {
                    packet = RawDevice.readPacket(in);
                } while (!packet.isPublish());
                received += packet.qos0PayloadLength();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
