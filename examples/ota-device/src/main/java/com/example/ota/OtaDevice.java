package com.example.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.zip.CRC32;

/**
 * A device's firmware update, as ThingsBoard's OTA guide lays it out:
 * <ol>
 *   <li>learn the assigned package from the {@code fw_*} shared attributes (asked for at start, pushed on a
 *       new assignment);</li>
 *   <li>report {@code fw_state} DOWNLOADING and fetch the package in chunks on
 *       {@code v2/fw/request/{requestId}/chunk/{n}}, the chunk size as payload;</li>
 *   <li>DOWNLOADED, check the checksum (FAILED with {@code fw_error} and a fresh download if it is wrong),
 *       VERIFIED, install (here: write the file), UPDATING, then UPDATED with the new
 *       {@code current_fw_title} and {@code current_fw_version}.</li>
 * </ol>
 * It rides out what the field does to it: Paho reconnects on its own (backing off while the server refuses it),
 * the device subscribes again on each new session, and a download picks up at the chunk it was waiting for.
 *
 * <pre>java com.example.ota.OtaDevice tcp://localhost:1883 ACCESS_TOKEN [firmware-dir]</pre>
 */
public final class OtaDevice implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OtaDevice.class.getName());
    static final int CHUNK_SIZE = 4096;
    static final int ATTEMPTS = 3;
    /** How long a chunk is waited for before it is asked for again, and how long in all. */
    private static final Duration CHUNK_WAIT = Duration.ofSeconds(3);
    private static final Duration CHUNK_DEADLINE = Duration.ofSeconds(60);
    private static final String FW_KEYS = "fw_title,fw_version,fw_size,fw_checksum,fw_checksum_algorithm";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final Path firmwareDir;
    private final BlockingQueue<JsonNode> assignments = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private String currentTitle = "factory";
    private String currentVersion = "0";
    private int nextRequestId;

    public OtaDevice(String broker, String accessToken, Path firmwareDir) throws Exception {
        this.firmwareDir = firmwareDir;
        client = new MqttClient(broker, MqttClient.generateClientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(accessToken);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(2000);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) { // ThingsBoard keeps no subscription across sessions
                    new Thread(OtaDevice.this::subscribeQuietly, "ota-device-resubscribe").start();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                LOG.info("connection lost (" + cause + "); reconnecting");
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(options);
        subscribe();
        publish("v1/devices/me/attributes/request/1", JSON.createObjectNode().put("sharedKeys", FW_KEYS));
    }

    private void subscribe() throws MqttException {
        client.subscribe("v1/devices/me/attributes", 1, (topic, message) -> assigned(json(message)));
        client.subscribe("v1/devices/me/attributes/response/+", 1,
            (topic, message) -> assigned(json(message).path("shared")));
        // QoS 0, as update code does: a PUBACK per chunk only slows the download down.
        client.subscribe("v2/fw/response/+/chunk/+", 0, (topic, message) -> chunks.add(message.getPayload()));
        client.subscribe("v2/fw/error", 1, (topic, message) -> chunks.add(new byte[0]));
    }

    /** After a reconnect: subscribe again, and ask for the assignment, which may have changed meanwhile. */
    private void subscribeQuietly() {
        try {
            subscribe();
            client.publish("v1/devices/me/attributes/request/1", JSON.createObjectNode().put("sharedKeys", FW_KEYS)
                .toString().getBytes(StandardCharsets.UTF_8), 1, false);
        } catch (MqttException lostAgain) {
            LOG.info("could not subscribe again (" + lostAgain + "); the next reconnect will");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: OtaDevice <mqtt-uri> <access-token> [firmware-dir]");
        }
        // Not the working directory: run from a checkout, the image would land among its files.
        Path dir = args.length > 2 ? Path.of(args[2]) : Path.of(System.getProperty("java.io.tmpdir"), "ota-device");
        try (OtaDevice device = new OtaDevice(args[0], args[1], dir)) {
            LOG.info("waiting for a firmware package (assign one through tbmock's admin API)…");
            Path installed = device.updateOnce(Duration.ofMinutes(10));
            LOG.info(installed == null ? "no update arrived" : "updated: " + installed);
        }
    }

    /**
     * Waits for an assigned package other than the running one, and installs it.
     *
     * @return the installed file, or null if no package was assigned in time
     */
    public Path updateOnce(Duration timeout) throws Exception {
        JsonNode fw;
        do {
            fw = assignments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (fw == null) {
                return null;
            }
        } while (fw.path("fw_title").asText().equals(currentTitle) && fw.path("fw_version").asText().equals(currentVersion));
        return install(fw);
    }

    private Path install(JsonNode fw) throws Exception {
        String title = fw.path("fw_title").asText();
        String version = fw.path("fw_version").asText();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            state("DOWNLOADING", null);
            byte[] image = download(fw.path("fw_size").asInt());
            state("DOWNLOADED", null);
            String actual = checksum(fw.path("fw_checksum_algorithm").asText("SHA256"), image);
            if (!actual.equalsIgnoreCase(fw.path("fw_checksum").asText())) {
                state("FAILED", "checksum mismatch: expected " + fw.path("fw_checksum").asText() + ", got " + actual);
                continue;
            }
            state("VERIFIED", null);
            Files.createDirectories(firmwareDir);
            Path file = Files.write(firmwareDir.resolve(title + "-" + version + ".bin"), image);
            state("UPDATING", null);
            currentTitle = title;
            currentVersion = version;
            ObjectNode updated = JSON.createObjectNode().put("current_fw_title", title)
                .put("current_fw_version", version).put("fw_state", "UPDATED");
            publish("v1/devices/me/telemetry", updated);
            return file;
        }
        throw new IOException("firmware " + title + " " + version + " failed its checksum " + ATTEMPTS + " times");
    }

    /**
     * Chunk after chunk, each asked for once the previous one arrived, under a fresh request id. A chunk that does
     * not come (the connection dropped, the server restarted) is asked for again once the device is back, up to a
     * deadline.
     */
    private byte[] download(int size) throws Exception {
        int requestId = nextRequestId++;
        ByteArrayOutputStream image = new ByteArrayOutputStream(size);
        for (int chunk = 0; image.size() < size; chunk++) {
            image.write(fetch(requestId, chunk));
        }
        return image.toByteArray();
    }

    private byte[] fetch(int requestId, int chunk) throws Exception {
        long deadline = System.nanoTime() + CHUNK_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                client.publish("v2/fw/request/" + requestId + "/chunk/" + chunk,
                    String.valueOf(CHUNK_SIZE).getBytes(StandardCharsets.UTF_8), 1, false);
            } catch (MqttException disconnected) {
                TimeUnit.MILLISECONDS.sleep(200); // Paho is reconnecting
                continue;
            }
            byte[] data = chunks.poll(CHUNK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (data != null && data.length == 0) {
                throw new IOException("the server refused chunk " + chunk);
            }
            if (data != null) {
                return data;
            }
        }
        throw new IOException("chunk " + chunk + " did not arrive in " + CHUNK_DEADLINE.toSeconds() + " s");
    }

    /** The checksum as ThingsBoard prints it: lowercase hex; CRC32 as the little-endian bytes of its value. */
    static String checksum(String algorithm, byte[] data) throws NoSuchAlgorithmException {
        if (algorithm.equals("CRC32")) {
            CRC32 crc = new CRC32();
            crc.update(data);
            return HexFormat.of().formatHex(new byte[] {(byte) crc.getValue(), (byte) (crc.getValue() >> 8),
                (byte) (crc.getValue() >> 16), (byte) (crc.getValue() >> 24)});
        }
        String name = algorithm.startsWith("SHA") ? "SHA-" + algorithm.substring(3) : algorithm;
        return HexFormat.of().formatHex(MessageDigest.getInstance(name).digest(data));
    }

    private void assigned(JsonNode attributes) {
        if (attributes.hasNonNull("fw_title") && attributes.hasNonNull("fw_version")) {
            assignments.add(attributes);
        }
    }

    private void state(String state, String error) throws Exception {
        ObjectNode telemetry = JSON.createObjectNode().put("fw_state", state);
        if (error != null) {
            telemetry.put("fw_error", error);
        }
        publish("v1/devices/me/telemetry", telemetry);
    }

    /** Published once the device is connected (a state report is not lost to a reconnect). */
    private void publish(String topic, JsonNode payload) throws Exception {
        long deadline = System.nanoTime() + CHUNK_DEADLINE.toNanos();
        while (true) {
            try {
                client.publish(topic, payload.toString().getBytes(StandardCharsets.UTF_8), 1, false);
                return;
            } catch (MqttException disconnected) {
                if (System.nanoTime() > deadline) {
                    throw disconnected;
                }
                TimeUnit.MILLISECONDS.sleep(200); // Paho is reconnecting
            }
        }
    }

    private static JsonNode json(MqttMessage message) throws IOException {
        return JSON.readTree(message.getPayload());
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
