package io.tbmock.server;

import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.ProtobufPayload;
import io.tbmock.server.model.TsValue;
import io.tbmock.testing.DeviceSchemas;
import io.tbmock.testing.ForEachProtocol;
import io.tbmock.testing.LogCapture;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.PacketFuzzer;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded MQTT fuzzing on many connections at once (docs/thingsboard-mqtt.md §16's robustness): whatever a connection sends, the
 * server closes at most that connection, answers a fresh CONNECT right after, keeps every other session
 * working and everything recorded, keeps its engine healthy, and logs no warning or stack trace for it.
 * {@code -Dtbmock.fuzz.seed=N} replays a run; {@code -Dtbmock.fuzz.cases=N} sets its length.
 */
@ForEachProtocol
class MqttFuzzTest extends RunningServer {
    private static final long SEED = Long.getLong("tbmock.fuzz.seed", new Random().nextLong());
    private static final int CASES = Integer.getInteger("tbmock.fuzz.cases", 600);
    private static final int CONNECTIONS = 12;
    private static final Duration WAIT = Duration.ofSeconds(10);

    MqttFuzzTest(MqttProtocol protocol) {
        super(protocol);
    }

    @Test
    void badInputClosesOnlyItsConnectionAndLosesNothing() throws Exception {
        String seed = "seed " + SEED + " (replay with -Dtbmock.fuzz.seed=" + SEED + ")";
        tb.createDevice(NewDevice.named("witness").credentials(token("T-WITNESS")));
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS + 1);
        try (LogCapture logs = new LogCapture(); MqttDevice witness = connect("T-WITNESS")) {
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            Future<Integer> witnessed = pool.submit(() -> publishWhile(witness, fuzzing));
            List<Future<?>> lanes = new ArrayList<>();
            // Every other lane's device speaks protobuf with custom topics, so the bytes reach its decoders too.
            tb.saveDeviceProfile(DeviceProfile.mqtt("protobuf", MqttTransportConfiguration.protobuf(ProtobufPayload.of(
                DeviceSchemas.text("telemetry_presence.proto"), DeviceSchemas.text("attributes.proto"))
                .withRpcSchemas(DeviceSchemas.text("rpc_request.proto"), DeviceSchemas.text("rpc_response.proto"))
                .withJsonCompatibility(true, false)).withTopics("v1/devices/me/+", "v2/+", "v1/#")));
            for (int lane = 0; lane < CONNECTIONS; lane++) {
                int first = lane;
                // A device per lane: two CONNECTs of one device at once would take each other over.
                tb.createDevice(NewDevice.named("fuzzed-" + lane).type(lane % 2 == 0 ? "default" : "protobuf")
                    .credentials(token(laneToken(lane))));
                lanes.add(pool.submit(() -> runLane(first)));
            }
            for (Future<?> lane : lanes) {
                try {
                    lane.get(120, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError(e.getCause().getMessage() + "; " + seed, e.getCause());
                }
            }
            fuzzing.set(false);
            int published = witnessed.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            List<TsValue> recorded = tb.telemetry("witness", "n").get("n");
            assertEquals(published, recorded.size(), "every acknowledged publish of the witness is stored; " + seed);
            assertEquals(KvValue.of(published - 1), tb.latestTelemetry("witness").get("n"));
            assertTrue(witness.isConnected(), "the witness was never disturbed");
            assertTrue(server.healthy(), "no Moquette executor failed; " + seed);
            for (int lane = 0; lane < CONNECTIONS; lane++) {
                assertLeftNoSession(lane);
            }
            List<String> warnings = logs.warningsAndStackTraces();
            assertEquals(List.of(), warnings.subList(0, Math.min(warnings.size(), 20)),
                "bad input is not logged as a failure; " + seed);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the cases {@code lane}, {@code lane + CONNECTIONS}, … one after the other, as that lane's device. */
    private Void runLane(int lane) throws Exception {
        String token = laneToken(lane);
        PacketFuzzer fuzzer = new PacketFuzzer(mqtt5() ? 5 : 4, token, server.options().maxPacketSize());
        for (int i = lane; i < CASES; i += CONNECTIONS) {
            PacketFuzzer.Case fuzz = fuzzer.generate(SEED + i);
            long before = tb.stats().lastSeq();
            try {
                runCase(fuzz, token);
            } catch (Exception | AssertionError e) {
                throw new AssertionError("case " + i + ", " + fuzz + ": " + e + "; the device's events: "
                    + tb.events(EventFilter.all().device("fuzzed-" + lane).after(before)).events(), e);
            }
        }
        return null;
    }

    /** Sends the case's bytes; the connection must end, and a fresh CONNECT must be answered right after. */
    private void runCase(PacketFuzzer.Case fuzz, String token) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(fuzz.bytes());
                out.flush();
                if (!fuzz.serverCloses()) {
                    socket.shutdownOutput(); // the device goes away; the server must notice and close too
                }
            } catch (SocketException closedAlready) {
                // The server closed before all was written: a valid answer to bad input.
            }
            assertClosedByServer(socket.getInputStream(), fuzz);
        }
        try (RawMqtt fresh = new RawMqtt(port)) {
            assertEquals(0, fresh.connectWithToken(token, protocol), "a fresh CONNECT is accepted");
        }
    }

    private static void assertClosedByServer(InputStream in, PacketFuzzer.Case fuzz) throws Exception {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // whatever the server answered before closing
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + WAIT + " after " + fuzz, e);
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
    }

    /** Publishes numbered telemetry at QoS 1 until told to stop; returns how many were acknowledged. */
    private static int publishWhile(MqttDevice witness, AtomicBoolean going) throws Exception {
        int n = 0;
        while (going.get()) {
            witness.publish("v1/devices/me/telemetry", "{\"n\":" + n + "}", 1);
            n++;
        }
        return n;
    }

    /**
     * A lane's token, far from every other lane's in bits: a case that flips bits of its CONNECT must not turn
     * it into another lane's, which would take that lane's session over.
     */
    private static String laneToken(int lane) {
        return "T" + lane + "-" + Long.toHexString(new Random(lane).nextLong());
    }

    private void assertLeftNoSession(int lane) throws Exception {
        try (MqttDevice last = connect(laneToken(lane))) { // takes over whatever session a case left
            assertTrue(last.isConnected());
        }
        tb.awaitDisconnected("fuzzed-" + lane, WAIT);
        assertFalse(tb.session("fuzzed-" + lane).connected(), "no session is left behind");
    }
}
