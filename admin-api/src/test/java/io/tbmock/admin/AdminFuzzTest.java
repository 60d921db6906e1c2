package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded bad admin requests (bad JSON, wrong types, unknown fields, huge and deeply nested bodies, bad UTF-8,
 * unknown paths and methods, odd path encodings, bad query values, bytes that are not HTTP; fault bodies among them),
 * sent byte by byte as a careless script or a proxy might: each gets the contract's JSON error, never a 5xx, and
 * changes nothing.
 * {@code -Dtbmock.fuzz.seed=N} replays a run.
 */
class AdminFuzzTest extends RunningAdminServer {
    private static final long SEED = Long.getLong("tbmock.fuzz.seed", new Random().nextLong());
    private static final int CASES = Integer.getInteger("tbmock.fuzz.cases", 400);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> ERRORS = Set.of(400, 404, 405, 409, 413, 505);

    /** A request as bytes, and what it is. */
    private record Request(String what, byte[] bytes) {
    }

    /** An answer: its status and body. */
    private record Answer(int status, String contentType, String body) {
    }

    @Test
    void everyBadRequestGetsAJsonErrorAndChangesNothing() throws Exception {
        String packageId = setUp();
        List<String> before = snapshot();
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            Request request = generate(random, packageId);
            String where = "case " + i + " (seed " + SEED + ", replay with -Dtbmock.fuzz.seed=" + SEED + "): "
                + request.what();
            Answer answer;
            try {
                answer = send(request.bytes());
            } catch (java.io.IOException | AssertionError e) {
                throw new AssertionError(where + ": " + e, e);
            }
            assertTrue(ERRORS.contains(answer.status()), where + " → " + answer);
            assertEquals("application/json", answer.contentType(), where);
            JsonNode error = JSON.readTree(answer.body());
            assertEquals(answer.status(), error.get("status").asInt(), where);
            assertTrue(error.get("error").isTextual() && !error.get("error").asText().isBlank(), where);
        }
        assertEquals(before, snapshot(), "nothing changed; seed " + SEED);
        assertEquals(200, api.get("/admin/health").status());
    }

    /** A device with attributes, a provision profile, a stub and an OTA package: state a bad request could harm. */
    private static String setUp() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        api.post("/admin/devices/dev-1/attributes/shared", "{\"target\":21.5}");
        api.post("/admin/provision-profiles", "{\"name\":\"p\",\"provisionDeviceKey\":\"K\","
            + "\"provisionDeviceSecret\":\"S\",\"strategy\":\"ALLOW_CREATE_NEW_DEVICES\"}");
        api.post("/admin/client-rpc/stubs", "{\"method\":\"getTime\",\"response\":{\"t\":1}}");
        return api.post("/admin/ota/packages?title=fw&version=1", new byte[] {1, 2, 3}).body().get("id").asText();
    }

    /** Everything a bad request could change, as the admin API shows it. */
    private static List<String> snapshot() throws Exception {
        List<String> views = new ArrayList<>();
        for (String path : List.of("/admin/devices", "/admin/devices/dev-1/attributes", "/admin/devices/dev-1/rpc",
            "/admin/devices/dev-1/ota", "/admin/provision-profiles", "/admin/ota/packages", "/admin/stats",
            "/admin/faults")) {
            AdminClient.Reply reply = api.get(path);
            views.add(path + " " + reply.status() + " " + reply.body());
        }
        return views;
    }

    // --- generation ---------------------------------------------------------------------------------

    private static final String[][] BODIES = {
        {"POST", "/admin/devices", "{\"name\":\"fz\",\"type\":\"t\",\"credentials\":{\"token\":\"TFZ\"}}"},
        {"POST", "/admin/devices/dev-1/rpc", "{\"method\":\"m\",\"params\":{\"a\":1},\"timeoutMs\":1000}"},
        {"POST", "/admin/client-rpc/stubs", "{\"method\":\"m2\",\"response\":{\"ok\":true}}"},
        {"POST", "/admin/provision-profiles", "{\"name\":\"p2\",\"provisionDeviceKey\":\"K2\","
            + "\"provisionDeviceSecret\":\"S2\",\"strategy\":\"ALLOW_CREATE_NEW_DEVICES\"}"},
        {"POST", "/admin/devices/dev-1/ota", "{\"packageId\":\"PKG\"}"},
        {"POST", "/admin/devices/dev-1/disconnect", "{\"reasonCode\":142}"},
        {"POST", "/admin/faults", "{\"kind\":\"STALL\",\"device\":\"dev-1\",\"stallMs\":1000,\"transport\":\"HTTP\"}"},
        {"POST", "/admin/faults", "{\"kind\":\"RATE_LIMIT\",\"messages\":\"5:1,100:60\",\"count\":2}"}};
    private static final String[][] ATTRIBUTE_BODIES = {
        {"POST", "/admin/devices/dev-1/attributes/shared", "{\"k\":1}"},
        {"POST", "/admin/devices/dev-1/attributes/client", "{\"k\":1}"}};
    private static final String[] METHODS = {"PUT", "PATCH", "OPTIONS", "TRACE", "FOO"};
    private static final String[] ODD_NAMES = {"%zz", "%00", "%C0%80", "%ED%A0%80", "..%2F..%2Fetc%2Fpasswd",
        "%F0%9F%92%A9", "a%2Fb%2Fc", "%20", "dev-1%00", "<script>"};
    private static final String[] BAD_QUERIES = {"/admin/events?waitMs=abc", "/admin/events?after=-5",
        "/admin/events?limit=0", "/admin/events?limit=many", "/admin/events?type=NOPE",
        "/admin/events?waitMs=99999999999",
        "/admin/devices/dev-1/ota?state=UPDATED&waitMs=x", "/admin/ota/packages?title=&version=1",
        "/admin/ota/packages?version=1"};

    private static Request generate(Random random, String packageId) {
        switch (random.nextInt(9)) {
            case 0: { // a strict prefix of a JSON object is never JSON
                String[] call = pick(random, random.nextBoolean() ? BODIES : ATTRIBUTE_BODIES);
                String body = call[2].replace("PKG", packageId);
                return http(call[0], call[1], "truncated JSON", body.substring(0, random.nextInt(body.length())));
            }
            case 1: { // a field the request does not have
                String[] call = pick(random, BODIES);
                String body = call[2].replace("PKG", packageId);
                return http(call[0], call[1], "an unknown field", "{\"zz" + random.nextInt(1000) + "\":"
                    + randomValue(random) + "," + body.substring(1));
            }
            case 2: { // a known field with a value of the wrong type
                String[] call = pick(random, BODIES);
                String body = call[2].replace("PKG", packageId);
                int colon = body.indexOf(':');
                boolean text = body.charAt(colon + 1) == '"';
                int valueEnd = text ? body.indexOf('"', colon + 2) + 1 : firstOf(body, colon + 1, ',', '}');
                String wrong = text ? pick(random, new String[] {"5", "[1]", "{}", "true"})
                    : pick(random, new String[] {"\"x\"", "[1]", "{}", "null"});
                return http(call[0], call[1], "a wrong type",
                    body.substring(0, colon + 1) + wrong + body.substring(valueEnd));
            }
            case 3: { // not an object at all
                String[] call = pick(random, random.nextBoolean() ? BODIES : ATTRIBUTE_BODIES);
                return http(call[0], call[1], "not an object", pick(random,
                    new String[] {"[]", "\"text\"", "42", "null", "", " ", "{\"a\":1}{\"b\":2}"}));
            }
            case 4: { // bad UTF-8, deep nesting, a huge broken body
                String[] call = pick(random, random.nextBoolean() ? BODIES : ATTRIBUTE_BODIES);
                int which = random.nextInt(3);
                if (which == 0) {
                    return new Request("bad UTF-8", request(call[0], call[1], "application/json",
                        new byte[] {'{', '"', 'n', (byte) 0xC0, '"', ':', '1', '}'}));
                }
                String body = which == 1 ? "[".repeat(5000) + "]".repeat(5000) : "{\"name\":\"" + "x".repeat(2 << 20);
                return http(call[0], call[1], which == 1 ? "nesting 5000 deep" : "a 2 MiB body cut short", body);
            }
            case 5: { // a known path, a method it does not have
                String[] call = pick(random, BODIES);
                return http(pick(random, METHODS), call[1], "a wrong method", call[2]);
            }
            case 6: { // an unknown device, by an odd name
                String name = pick(random, ODD_NAMES) + (random.nextBoolean() ? "" : "x".repeat(random.nextInt(5000)));
                String suffix = pick(random, new String[] {"", "/attributes", "/telemetry", "/rpc", "/session"});
                boolean delete = suffix.isEmpty() && random.nextBoolean();
                return http(delete ? "DELETE" : "GET", "/admin/devices/" + name + suffix, "an unknown device", null);
            }
            case 7: { // an unknown path
                String path = pick(random, new String[] {"/admin/nope", "/admin//devices", "/admin/devices/dev-1/nope",
                    "/index.html", "/api/v2/T1/telemetry", "/admin/devices/dev-1/attributes/everyone", "/ADMIN/devices"});
                return http(random.nextBoolean() ? "GET" : "POST", path, "an unknown path", "{}");
            }
            default: {
                if (random.nextBoolean()) {
                    String query = pick(random, BAD_QUERIES);
                    return http(query.startsWith("/admin/ota/packages") ? "POST" : "GET", query, "a bad query", "x");
                }
                String garbage = pick(random, new String[] {"GARBAGE\r\n\r\n",
                    "GET /admin/stats HTTP/9.9\r\n\r\n", "POST /admin/devices HTTP/1.1\r\nContent-Length: x\r\n\r\n",
                    "GET /admin/stats HTTP/1.1\r\nHost: " + "h".repeat(20_000) + "\r\n\r\n"});
                return new Request("not HTTP: " + garbage.substring(0, Math.min(60, garbage.length())).trim(),
                    garbage.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static int firstOf(String text, int from, char a, char b) {
        int first = text.indexOf(a, from);
        int second = text.indexOf(b, from);
        return first < 0 ? second : second < 0 ? first : Math.min(first, second);
    }

    private static String randomValue(Random random) {
        return pick(random, new String[] {"1", "\"s\"", "null", "[]", "{}", "true"});
    }

    private static <T> T pick(Random random, T[] options) {
        return options[random.nextInt(options.length)];
    }

    private static Request http(String method, String path, String what, String body) {
        return new Request(what + ": " + method + " " + (path.length() > 80 ? path.substring(0, 80) + "…" : path)
            + (body == null ? "" : " " + (body.length() > 80 ? body.substring(0, 80) + "…" : body)),
            request(method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] request(String method, String path, String contentType, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + (body == null ? "" : "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n")
            + "\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    // --- the wire -----------------------------------------------------------------------------------

    private static Answer send(byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", admin.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 ") || headEnd < 0) {
                throw new AssertionError("not an HTTP answer: " + response);
            }
            String contentType = null;
            for (String line : response.substring(0, headEnd).split("\r\n")) {
                if (line.toLowerCase().startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                }
            }
            return new Answer(Integer.parseInt(response.substring(9, 12)), contentType,
                response.substring(headEnd + 4));
        }
    }
}
