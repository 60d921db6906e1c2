package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on the HTTP device API, as a broken device sends it: every request gets one of ThingsBoard's answers
 * (docs/thingsboard-http.md §2), the server and a bystander device's MQTT session keep running, and nothing the
 * bystander recorded changes. A short request timeout keeps held requests brief.
 */
class HttpDeviceApiFuzzTest {
    private static final long SEED = Long.getLong("tbmock.fuzz.seed", new Random().nextLong());
    private static final int CASES = Integer.getInteger("tbmock.fuzz.cases", 300);
    private static final Set<Integer> ANSWERS = Set.of(200, 400, 401, 403, 404, 405, 408, 413, 500);
    /** An empty array is never answered (ThingsBoard's 300 s hang): the fuzzer does not send one. */
    private static final Pattern EMPTY_ARRAY = Pattern.compile("\\s*\\[\\s*]\\s*");
    private static final String[] PATHS = {"/api/v1/F1/telemetry", "/api/v1/F1/attributes", "/api/v1/F1/rpc",
        "/api/v1/F1/rpc/0", "/api/v1/F1/claim", "/api/v1/provision", "/api/v1/F1/attributes/updates?timeout=1",
        "/api/v1/F1/rpc?timeout=1", "/api/v1/F1/firmware?title=fw&version=1", "/api/v1/nope/telemetry",
        "/api/v1/F1/attributes?clientKeys=a,,b&sharedKeys=", "/api/v1/F1/rpc/x", "/api/v1/F1/firmware?size=x",
        "/api/v1/F1/nothing", "/api/v1//telemetry"};
    private static final String[] BODIES = {"{\"temperature\":25}", "[{\"ts\":1,\"values\":{\"a\":1}}]",
        "{\"method\":\"m\",\"params\":{}}", "{\"secretKey\":\"s\",\"durationMs\":1}",
        "{\"deviceName\":\"n\",\"provisionDeviceKey\":\"k\",\"provisionDeviceSecret\":\"s\"}", "{ts:1,values:{a:'x'}}"};

    private static TbMockServer server;
    private static AdminServer admin;
    private static AdminClient api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(TbMockOptions.DISABLED)
            .bindAddress("127.0.0.1").httpRequestTimeout(Duration.ofMillis(200)).clientRpcTimeout(Duration.ofMillis(50))
            .build());
        admin = AdminServer.start(server, "127.0.0.1", 0);
        api = new AdminClient(admin.port());
        api.post("/admin/devices", "{\"name\":\"fuzzed\",\"credentials\":{\"token\":\"F1\"}}");
        api.post("/admin/devices", "{\"name\":\"bystander\",\"credentials\":{\"token\":\"B1\"}}");
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @Test
    void everyBadRequestGetsThingsBoardsAnswerAndHarmsNoOtherDevice() throws Exception {
        try (MqttDevice bystander = MqttDevice.connectWithToken(server.mqttPort(), "B1")) {
            bystander.publish("v1/devices/me/telemetry", "{\"kept\":1}", 1);
            bystander.publish("v1/devices/me/attributes", "{\"model\":\"B\"}", 1);
            String before = bystanderData();
            Random random = new Random(SEED);
            for (int i = 0; i < CASES; i++) {
                String method = random.nextInt(8) == 0 ? pick(random, new String[] {"PUT", "DELETE", "GET"}) : "POST";
                String path = pick(random, PATHS);
                String body = mutate(random, pick(random, BODIES));
                String where = "case " + i + " (seed " + SEED + ", replay with -Dtbmock.fuzz.seed=" + SEED + "): "
                    + method + " " + path + " " + body;
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.port() + path)).timeout(Duration.ofSeconds(10))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertTrue(ANSWERS.contains(answer.statusCode()), where + " → " + answer.statusCode() + " " + answer.body());
            }
            bystander.roundTrip(); // its session went on all along
            assertEquals(before, bystanderData(), "seed " + SEED);
        }
        assertEquals(200, api.get("/admin/health").status());
    }

    private static String bystanderData() throws Exception {
        JsonNode telemetry = api.get("/admin/devices/bystander/telemetry").body();
        JsonNode attributes = api.get("/admin/devices/bystander/attributes").body();
        return telemetry + " " + attributes;
    }

    /** A valid body as is, cut short, with a character flipped, or replaced by another kind of JSON. */
    private static String mutate(Random random, String body) {
        String mutated;
        switch (random.nextInt(5)) {
            case 0:
                mutated = body;
                break;
            case 1:
                mutated = body.substring(0, random.nextInt(body.length()));
                break;
            case 2: {
                char[] chars = body.toCharArray();
                chars[random.nextInt(chars.length)] = pick(random, new String[] {"\"", "{", "]", ":", ",", "x", "\\"})
                    .charAt(0);
                mutated = new String(chars);
                break;
            }
            case 3:
                mutated = pick(random, new String[] {"42", "\"text\"", "null", "true", "{}", "[1]", "[[{}]]",
                    "{\"values\":5,\"ts\":1}", "{\"ts\":\"x\",\"values\":{}}", "{\"method\":null}"});
                break;
            default:
                mutated = "{\"a\":" + "[".repeat(random.nextInt(3000)) + "}";
                break;
        }
        return EMPTY_ARRAY.matcher(mutated).matches() ? body : mutated;
    }

    private static <T> T pick(Random random, T[] options) {
        return options[random.nextInt(options.length)];
    }
}
