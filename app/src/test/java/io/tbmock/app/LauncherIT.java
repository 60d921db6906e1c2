package io.tbmock.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tbmock.client.TbMockClient;
import io.tbmock.server.TbMockException;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import io.tbmock.testing.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded jar as users run it. */
class LauncherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsOnFreePortsAndServesADevice() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--bind", "127.0.0.1", "--mqtt-port", "0", "--mqtts-port", "0",
            "--http-port", "0")) {
            Matcher ports = jar.startLine();
            int mqttPort = Integer.parseInt(ports.group(1));
            String admin = "http://127.0.0.1:" + ports.group(4);

            assertEquals(200, get(admin + "/admin/health").statusCode());
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(admin + "/admin/devices"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
                device.publish("v1/devices/me/telemetry", "{\"temperature\":25.5}", 1);
            }
            assertEquals("{\"temperature\":25.5}", get(admin + "/admin/devices/dev-1/telemetry/latest").body());
            assertEquals(143, jar.stop(), "SIGTERM ends it (128 + 15) once the shutdown hook has stopped the server");
            assertTrue(jar.stderr().isEmpty(), jar.stderr());
        }
    }

    @Test
    void environmentVariablesSetTheOptions() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(
            Map.of("TBMOCK_BIND", "127.0.0.1", "TBMOCK_MQTT_PORT", "0", "TBMOCK_HTTP_PORT", "0",
                "TBMOCK_MQTTS_PORT", "-1"))) {
            Matcher ports = jar.startLine();
            assertEquals(null, ports.group(2), "TLS off");
            assertEquals(200, get("http://127.0.0.1:" + ports.group(4) + "/admin/health").statusCode());
        }
    }

    /** The README's "point your existing ThingsBoard REST scripts at tbmock", with the login set from the environment. */
    @Test
    void thingsBoardsRestApiServesAScriptWithTheLoginFromTheEnvironment() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of("TBMOCK_TB_USERNAME", "ci@example.com",
            "TBMOCK_TB_PASSWORD", "pw"), "--bind", "127.0.0.1", "--mqtt-port", "0", "--mqtts-port", "-1",
            "--http-port", "0")) {
            Matcher ports = jar.startLine();
            String base = "http://127.0.0.1:" + ports.group(4);
            assertEquals(401, post(base + "/api/auth/login", null,
                "{\"username\":\"tenant@thingsboard.org\",\"password\":\"tenant\"}").statusCode());
            String token = JSON.readTree(post(base + "/api/auth/login", null,
                "{\"username\":\"ci@example.com\",\"password\":\"pw\"}").body()).get("token").asText();
            JsonNode device = JSON.readTree(post(base + "/api/device?accessToken=A1_TEST_TOKEN", token,
                "{\"name\":\"A1\",\"type\":\"thermostat\"}").body());
            try (MqttDevice mqtt = MqttDevice.connectWithToken(Integer.parseInt(ports.group(1)), "A1_TEST_TOKEN")) {
                mqtt.publish("v1/devices/me/telemetry", "{\"temperature\":25}", 1);
            }
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base + "/api/plugins/telemetry/DEVICE/"
                + device.get("id").get("id").asText() + "/values/timeseries?keys=temperature"))
                .header("X-Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("25", JSON.readTree(read.body()).at("/temperature/0/value").asText());
        }
    }

    private HttpResponse<String> post(String uri, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("X-Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTakenMqttPortIsAClearErrorAndANonZeroExit() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--bind", "127.0.0.1",
                "--mqtt-port", String.valueOf(taken.getLocalPort()), "--mqtts-port", "0", "--http-port", "0")) {
                assertEquals(1, jar.exitCode());
                assertTrue(jar.stderr().contains("tbmock: cannot listen for MQTT on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use"), jar.stderr());
            }
        }
    }

    @Test
    void aTakenHttpPortIsAClearErrorAndANonZeroExit() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--bind", "127.0.0.1", "--mqtt-port", "0",
                "--mqtts-port", "0", "--http-port", String.valueOf(taken.getLocalPort()))) {
                assertEquals(1, jar.exitCode());
                assertTrue(jar.stderr().contains("cannot listen for the admin API"), jar.stderr());
            }
        }
    }

    @Test
    void certsWritesWhatADeviceIsFlashedWithAndTheServerKeepsThatCa(@TempDir Path dir) throws Exception {
        try (LaunchedJar certs = LaunchedJar.launch(Map.of(), "certs", "--out", dir.toString(), "--device", "sensor-1")) {
            assertEquals(0, certs.exitCode(), certs.stderr());
        }
        for (String file : new String[] {"ca.pem", "ca.key", "server.pem", "server.key", "sensor-1.pem", "sensor-1.key"}) {
            assertTrue(Files.exists(dir.resolve(file)), file);
        }
        for (String key : new String[] {"ca.key", "server.key", "sensor-1.key"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))),
                key + " is for its owner's eyes only");
        }
        String ca = Files.readString(dir.resolve("ca.pem"));
        for (int start = 0; start < 2; start++) { // the CA survives a restart
            try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--bind", "127.0.0.1", "--mqtt-port", "0",
                "--mqtts-port", "0", "--http-port", "0", "--state-dir", dir.toString())) {
                Matcher ports = jar.startLine();
                String admin = "http://127.0.0.1:" + ports.group(4);
                assertEquals(ca, get(admin + "/admin/certs/ca.pem").body());
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(admin + "/admin/devices"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sensor-1\",\"credentials\":{\"type\":"
                        + "\"X509_CERTIFICATE\",\"certificatePem\":" + new TextNode(Files.readString(dir.resolve("sensor-1.pem")))
                        + "}}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                try (MqttDevice device = MqttDevice.connect(Integer.parseInt(ports.group(2)), MqttDevice.options()
                    .tls(Tls.withClientCertificate(ca, Files.readString(dir.resolve("sensor-1.pem")),
                        Files.readString(dir.resolve("sensor-1.key")))))) {
                    device.publish("v1/devices/me/telemetry", "{\"start\":" + start + "}", 1);
                }
                assertEquals("{\"start\":" + start + "}", get(admin + "/admin/devices/sensor-1/telemetry/latest").body());
            }
        }
    }

    @Test
    void aTlsCertificateWithoutItsKeyIsAUsageError(@TempDir Path dir) throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--tls-cert", dir.resolve("server.pem").toString())) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains("--tls-cert and --tls-key go together"), jar.stderr());
        }
    }

    @Test
    void aBadFlagIsExplainedWithExitCode2() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--mqtt-port", "many")) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains("--mqtt-port"), jar.stderr());
        }
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--mqtt-port", "70000")) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains("mqttPort must be 0..65535"), jar.stderr());
        }
    }

    @Test
    void everyBadValueIsOneLineNamingItsOptionAndExitCode2() throws Exception {
        String[][] cases = {
            {"--http-port=80800", "tbmock: --http-port: port must be 0..65535, was 80800"},
            {"--http-port=-1", "tbmock: --http-port: port must be 0..65535, was -1"},
            {"--bind=localhosst", "tbmock: --bind: localhosst: no such host (the name cannot be resolved)"},
            {"--bind=192.0.2.77", "tbmock: --bind: 192.0.2.77 is not an address of this machine"},
            {"--config=nope.yml", "tbmock: nope.yml: no such file (looked for at "},
            {"--mqtt-port=many", "tbmock: Invalid value for option '--mqtt-port': 'many' is not an int"},
        };
        for (String[] bad : cases) {
            try (LaunchedJar jar = LaunchedJar.launch(Map.of(), bad[0])) {
                assertEquals(2, jar.exitCode(), bad[0] + ": " + jar.stderr());
                assertOneLineAndAPointerToHelp(jar.stderr(), bad[1]);
            }
        }
        for (Map.Entry<String, String> env : Map.of("TBMOCK_HTTP_PORT", "70000", "TBMOCK_MQTT_PORT", "abc").entrySet()) {
            try (LaunchedJar jar = LaunchedJar.launch(Map.of(env.getKey(), env.getValue()))) {
                assertEquals(2, jar.exitCode(), jar.stderr());
                assertOneLineAndAPointerToHelp(jar.stderr(), "tbmock: ");
                assertTrue(jar.stderr().contains(env.getKey() + "=" + env.getValue()), jar.stderr());
            }
        }
    }

    /** The error alone, then where the options are: not the whole usage, which would show the bad value as a default. */
    private static void assertOneLineAndAPointerToHelp(String stderr, String start) {
        List<String> lines = stderr.lines().toList();
        assertEquals(2, lines.size(), stderr);
        assertTrue(lines.get(0).startsWith(start), stderr);
        assertEquals("Run 'java -jar tbmock.jar --help' for the options.", lines.get(1));
    }

    @Test
    void aSharedHostSetUpTlsOnlyWithAnAdminTokenOverHttps() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of("TBMOCK_ADMIN_TOKEN", "s3cret"), "--bind", "127.0.0.1",
            "--mqtt-port", "-1", "--mqtts-port", "0", "--http-port", "0", "--admin-https")) {
            Matcher ports = jar.startLine();
            assertEquals(null, ports.group(1), "plain MQTT off");
            assertEquals("https", ports.group(3));
            assertEquals(" (token required)", ports.group(5));
            TbMockClient anonymous = TbMockClient.connect("https://localhost:" + ports.group(4));
            assertThrows(TbMockException.class, anonymous::devices, "the JVM does not trust tbmock's CA");
            // The CA is fetched once over a connection that trusts anything, as `curl -k` would; then verified.
            String caPem = insecureGet("https://localhost:" + ports.group(4) + "/admin/certs/ca.pem", "s3cret");
            TbMockClient client = TbMockClient.builder("https://localhost:" + ports.group(4)).adminToken("s3cret")
                .trustedCertificates(caPem).connect();
            assertEquals(List.of(), client.devices());
            TbMockClient noToken = TbMockClient.builder("https://localhost:" + ports.group(4))
                .trustedCertificates(caPem).connect();
            TbMockException refused = assertThrows(TbMockException.class, noToken::devices);
            assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        }
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--mqtt-port", "-1", "--mqtts-port", "-1")) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains("plain MQTT and MQTTS are both off"), jar.stderr());
        }
    }

    @Test
    void aBadValueFromTheEnvironmentNamesItsVariable() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of("TBMOCK_MQTT_PORT", "many"), "--http-port", "0")) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains("'--mqtt-port' (from the environment: TBMOCK_MQTT_PORT=many)"), jar.stderr());
        }
        try (LaunchedJar jar = LaunchedJar.launch(Map.of("TBMOCK_INACTIVITY_TIMEOUT", "0s"), "--http-port", "0")) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains("--inactivity-timeout (from the environment: TBMOCK_INACTIVITY_TIMEOUT=0s): "
                + "inactivityTimeout must be positive"), jar.stderr());
        }
    }

    @Test
    void theConsoleHasALinePerEventAndTheStopIsToldToDevicesAndTheConsole() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--bind", "127.0.0.1", "--mqtt-port", "0",
            "--mqtts-port", "-1", "--http-port", "0")) {
            Matcher ports = jar.startLine();
            int mqttPort = Integer.parseInt(ports.group(1));
            createDevice("http://127.0.0.1:" + ports.group(4), "dev-1", "T1");
            assertEquals(0x86, MqttDevice.refusalCode(mqttPort, MqttDevice.options().username("nope").mqtt5()));
            try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1", MqttProtocol.MQTT_5)) {
                device.publish("wrong/topic", "{}", 1);
                lineWith(jar, "CONNECT_REJECTED", "(CONNACK 0x86)");
                lineWith(jar, "IN CONNECT device=dev-1", "\"protocolLevel\":5");
                lineWith(jar, "REJECTED device=dev-1 topic=wrong/topic", "PUBACK 0x90");
                assertEquals(143, jar.stop());
                assertEquals(0x8B, device.awaitDisconnectReason(), "told the server is shutting down");
            }
            lineWith(jar, "tbmock stopping");
            lineWith(jar, "DISCONNECT device=dev-1", "the server is stopping (DISCONNECT 0x8B)");
            lineWith(jar, "tbmock stopped");
        }
    }

    @Test
    void aCallWaitingWhenTheJarIsStoppedGetsItsAnswer503() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--bind", "127.0.0.1", "--mqtt-port", "0",
            "--mqtts-port", "-1", "--http-port", "0")) {
            String admin = "http://127.0.0.1:" + jar.startLine().group(4);
            HttpClient http = HttpClient.newHttpClient();
            var poll = http.sendAsync(HttpRequest.newBuilder(URI.create(admin + "/admin/events?type=CLAIM&waitMs=60000"))
                .build(), HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!http.send(HttpRequest.newBuilder(URI.create(admin + "/admin/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body().contains("\"pendingWaits\":1")) {
                assertTrue(System.nanoTime() < deadline, "the long poll never registered");
            }
            assertEquals(143, jar.stop()); // SIGTERM, as docker stop sends it
            HttpResponse<String> answer = poll.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(503, answer.statusCode());
            assertEquals("{\"status\":503,\"error\":\"the tbmock server is stopping\"}", answer.body());
        }
    }

    @Test
    void theStartLineNamesAnAddressToOpen() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--bind", "0.0.0.0", "--mqtt-port", "0",
            "--mqtts-port", "-1", "--http-port", "0")) {
            String line = jar.nextLine();
            assertTrue(line.matches(".*MQTT on localhost:\\d+, MQTTS off, admin API on http://localhost:\\d+/admin, "
                + "web view on http://localhost:\\d+/admin/ui/"), line);
        }
    }

    @Test
    void jsonLinesAndQuiet() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of("TBMOCK_LOG_FORMAT", "json"), "--bind", "127.0.0.1",
            "--mqtt-port", "0", "--mqtts-port", "-1", "--http-port", "0")) {
            JsonNode start = JSON.readTree(jar.nextLine());
            Matcher ports = LaunchedJar.START_LINE.matcher(start.get("message").asText());
            assertTrue(ports.matches(), start.toString());
            createDevice("http://127.0.0.1:" + ports.group(4), "dev-1", "T1");
            try (MqttDevice device = MqttDevice.connectWithToken(Integer.parseInt(ports.group(1)), "T1")) {
                JsonNode connect = JSON.readTree(jar.nextLine());
                assertEquals("INFO", connect.get("level").asText());
                assertEquals("CONNECT", connect.get("type").asText());
                assertEquals("dev-1", connect.get("device").asText());
                assertEquals(4, connect.get("payload").get("protocolLevel").asInt());
            }
        }
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--quiet", "--bind", "127.0.0.1", "--mqtt-port", "0",
            "--mqtts-port", "-1", "--http-port", "0")) {
            Matcher ports = jar.startLine();
            createDevice("http://127.0.0.1:" + ports.group(4), "dev-1", "T1");
            try (MqttDevice device = MqttDevice.connectWithToken(Integer.parseInt(ports.group(1)), "T1")) {
                device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
            }
            assertEquals(143, jar.stop());
            assertEquals("", jar.stdoutSoFar(), "the start line only");
        }
    }

    /** Reads the console until a line holds every part; fails if none does before the output ends. */
    private static String lineWith(LaunchedJar jar, String... parts) throws InterruptedException {
        List<String> others = new ArrayList<>();
        while (true) {
            String line;
            try {
                line = jar.nextLine();
            } catch (AssertionError none) {
                throw new AssertionError("no line with " + Arrays.toString(parts) + "; the lines were " + others
                    + "; stderr: " + jar.stderr(), none);
            }
            if (Arrays.stream(parts).allMatch(line::contains)) {
                return line;
            }
            others.add(line);
        }
    }

    private void createDevice(String admin, String name, String token) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(admin + "/admin/devices"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"credentials\":{\"token\":\""
                + token + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void aConfigFileSetsTheFleetUpAndFlagsOverrideItsServerOptions() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of("TBMOCK_CONFIG", "../examples/config/tbmock.yml"),
            "--bind", "127.0.0.1", "--mqtt-port", "0", "--mqtts-port", "0", "--http-port", "0")) {
            Matcher ports = jar.startLine();
            String admin = "http://127.0.0.1:" + ports.group(4);
            assertTrue(get(admin + "/admin/devices").body().contains("\"name\":\"thermostat-1\""));
            try (MqttDevice device = MqttDevice.connectWithToken(Integer.parseInt(ports.group(1)), "THERMOSTAT_1_TOKEN")) {
                device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
            }
        }
    }

    @Test
    void aConfigFileMistakeNamesTheFileAndLineWithExitCode2(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tbmock.yml");
        Files.writeString(config, "server:\n  mqtt-port: many\n");
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--config", config.toString(), "--http-port", "0")) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains("'--mqtt-port' (from " + config + ":2 (server.mqtt-port))"), jar.stderr());
        }
        Files.writeString(config, "server:\n  mqtt-prot: 1883\n");
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--config=" + config)) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains(config + ":2 (server.mqtt-prot): no such server option"), jar.stderr());
        }
        Files.writeString(config, "devices:\n  - name: a\n  - name: a\n");
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--config", config.toString(), "--bind", "127.0.0.1",
            "--mqtt-port", "0", "--mqtts-port", "-1", "--http-port", "0")) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains(config + ":3: devices[1]: a device named 'a' already exists"), jar.stderr());
        }
    }

    @Test
    void aMissingTlsFileNamesTheOptionAndSaysNoSuchFile(@TempDir Path dir) throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--tls-cert", dir.resolve("server.pem").toString(),
            "--tls-key", dir.resolve("server.key").toString())) {
            assertEquals(2, jar.exitCode());
            assertTrue(jar.stderr().contains("--tls-cert: " + dir.resolve("server.pem") + ": no such file"), jar.stderr());
        }
    }

    @Test
    void versionAndHelp() throws Exception {
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--version")) {
            assertTrue(jar.nextLine().startsWith("tbmock "));
            assertEquals(0, jar.exitCode());
        }
        try (LaunchedJar jar = LaunchedJar.launch(Map.of(), "--help")) {
            assertEquals(0, jar.exitCode());
            for (String variable : new String[] {"TBMOCK_MQTT_PORT", "TBMOCK_MQTTS_PORT", "TBMOCK_HTTP_PORT",
                "TBMOCK_BIND", "TBMOCK_TLS_CERT", "TBMOCK_TLS_KEY", "TBMOCK_TLS_SAN", "TBMOCK_STATE_DIR",
                "TBMOCK_CLIENT_RPC_TIMEOUT", "TBMOCK_INACTIVITY_TIMEOUT"}) {
                assertTrue(jar.stdoutSoFar().contains(variable), variable + " in " + jar.stdoutSoFar());
            }
            for (String defaultValue : new String[] {"default 1883", "default 8883", "default 8080", "default 65536",
                "default 10m", "default 60s", "default 10000", "default 100000"}) {
                assertTrue(jar.stdoutSoFar().contains(defaultValue), defaultValue + " in " + jar.stdoutSoFar());
            }
        }
    }

    /** A GET over HTTPS that trusts any certificate, as {@code curl -k}. */
    private static String insecureGet(String url, String token) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        HttpClient insecure = HttpClient.newBuilder().sslContext(trustAll).build();
        HttpResponse<String> response = insecure.send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
