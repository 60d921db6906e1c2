package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded bad calls to ThingsBoard's REST API (broken or wrong JSON, bad ids, scopes and query values, bad
 * tokens): each is refused with a 4xx as ThingsBoard refuses it, nothing changes, and the server logs no
 * warning. {@code -Dtbmock.fuzz.seed=N} replays a run.
 */
class TbRestFuzzTest extends RunningAdminServer {
    private static final long SEED = Long.getLong("tbmock.fuzz.seed", new Random().nextLong());
    private static final int CASES = Integer.getInteger("tbmock.fuzz.cases", 300);

    /** A valid body per endpoint: a strict prefix of it is never JSON. */
    private static final String[][] BODIES = {
        {"/api/device?accessToken=TFZ", "{\"name\":\"fz\",\"type\":\"t\"}"},
        {"/api/device-with-credentials", "{\"device\":{\"name\":\"fz\"},\"credentials\":{\"credentialsType\":"
            + "\"ACCESS_TOKEN\",\"credentialsId\":\"TFZ\"}}"},
        {"/api/device/credentials", "{\"deviceId\":{\"entityType\":\"DEVICE\",\"id\":\"DEV\"},\"credentialsType\":"
            + "\"ACCESS_TOKEN\",\"credentialsId\":\"TNEW\"}"},
        {"/api/deviceProfile", "{\"name\":\"fzp\",\"type\":\"DEFAULT\",\"transportType\":\"DEFAULT\"}"},
        {"/api/otaPackage", "{\"title\":\"fw2\",\"version\":\"2\",\"type\":\"FIRMWARE\"}"},
        {"/api/plugins/telemetry/DEVICE/DEV/attributes/SERVER_SCOPE", "{\"k\":1}"},
        {"/api/plugins/telemetry/DEVICE/DEV/timeseries/ANY", "{\"k\":1}"},
        {"/api/rpc/twoway/DEV", "{\"method\":\"m\",\"params\":{}}"},
        {"/api/plugins/rpc/oneway/DEV", "{\"method\":\"m\",\"params\":{}}"}};
    /** Bodies each endpoint refuses whole. */
    private static final String[][] INVALID = {
        {"/api/device", "{\"name\":\"\"}"},
        {"/api/device", "{\"name\":{\"a\":1}}"},
        {"/api/device", "{\"name\":\"fz\",\"deviceProfileId\":{\"id\":\"nope\"}}"},
        {"/api/device", "{\"name\":\"fz\",\"deviceProfileId\":\"x\"}"},
        {"/api/device", "{\"name\":\"fz\",\"deviceProfileId\":{\"entityType\":\"DEVICE_PROFILE\",\"id\":\"UNKNOWN\"}}"},
        {"/api/device", "{\"name\":\"fz\",\"firmwareId\":{\"entityType\":\"OTA_PACKAGE\",\"id\":\"UNKNOWN\"}}"},
        {"/api/device", "{\"name\":\"fz\",\"firmwareId\":{\"entityType\":\"OTA_PACKAGE\",\"id\":\"PKG\"}}"},
        {"/api/device", "{\"id\":{\"entityType\":\"DEVICE\",\"id\":\"UNKNOWN\"},\"name\":\"fz\"}"},
        {"/api/device", "{\"id\":{\"entityType\":\"DEVICE\",\"id\":\"DEV\"},\"name\":\" \"}"},
        {"/api/device", "{\"id\":{\"entityType\":\"DEVICE\",\"id\":\"DEV\"},\"name\":\"dev-1\",\"version\":99}"},
        {"/api/device?accessToken=T1", "{\"name\":\"fz\"}"},
        {"/api/device-with-credentials", "{\"device\":{\"name\":\"fz\"}}"},
        {"/api/device-with-credentials", "{\"device\":{\"name\":\"fz\"},\"credentials\":{\"credentialsType\":"
            + "\"MQTT_BASIC\",\"credentialsValue\":\"not json\"}}"},
        {"/api/device-with-credentials", "{\"device\":{\"name\":\"fz\"},\"credentials\":{\"credentialsType\":"
            + "\"MQTT_BASIC\",\"credentialsValue\":\"{}\"}}"},
        {"/api/device-with-credentials", "{\"device\":{\"name\":\"fz\"},\"credentials\":{\"credentialsType\":"
            + "\"LWM2M_CREDENTIALS\"}}"},
        {"/api/device/credentials", "{\"deviceId\":{\"entityType\":\"DEVICE\",\"id\":\"UNKNOWN\"},"
            + "\"credentialsType\":\"ACCESS_TOKEN\",\"credentialsId\":\"TNEW\"}"},
        {"/api/device/credentials", "{\"deviceId\":{\"entityType\":\"DEVICE\",\"id\":\"DEV\"},"
            + "\"credentialsType\":\"ACCESS_TOKEN\",\"credentialsId\":\"\"}"},
        {"/api/device/credentials", "{\"credentialsType\":\"ACCESS_TOKEN\",\"credentialsId\":\"TNEW\"}"},
        {"/api/deviceProfile", "{\"name\":\"\"}"},
        {"/api/deviceProfile", "{\"name\":\"default\"}"},
        {"/api/deviceProfile", "{\"name\":\"fzp\",\"default\":true}"},
        {"/api/deviceProfile", "{\"name\":\"fzp\",\"provisionType\":\"BOGUS\"}"},
        {"/api/deviceProfile", "{\"name\":\"fzp\",\"provisionType\":\"ALLOW_CREATE_NEW_DEVICES\"}"},
        {"/api/deviceProfile", "{\"name\":\"fzp\",\"provisionType\":\"ALLOW_CREATE_NEW_DEVICES\","
            + "\"provisionDeviceKey\":\"K\",\"profileData\":{\"provisionConfiguration\":{\"provisionDeviceSecret\":\"S\"}}}"},
        {"/api/deviceProfile", "{\"id\":{\"entityType\":\"DEVICE_PROFILE\",\"id\":\"UNKNOWN\"},\"name\":\"fzp\"}"},
        {"/api/otaPackage", "{\"title\":\"fw2\"}"},
        {"/api/otaPackage", "{\"title\":\"fw2\",\"type\":\"FIRMWARE\"}"},
        {"/api/otaPackage", "{\"title\":\"fw2\",\"type\":\"BOOT\",\"version\":\"1\"}"},
        {"/api/otaPackage", "{\"title\":\"fw2\",\"type\":\"FIRMWARE\",\"version\":\"1\",\"deviceProfileId\":"
            + "{\"entityType\":\"DEVICE_PROFILE\",\"id\":\"UNKNOWN\"}}"},
        {"/api/otaPackage/PKG?checksumAlgorithm=SHA256", "not a multipart form"},
        {"/api/otaPackage/UNKNOWN?checksumAlgorithm=SHA256", "x"},
        {"/api/plugins/telemetry/DEVICE/DEV/attributes/CLIENT_SCOPE", "{\"k\":1}"},
        {"/api/plugins/telemetry/DEVICE/DEV/attributes/BOGUS", "{\"k\":1}"},
        {"/api/plugins/telemetry/DEVICE/DEV/SHARED_SCOPE", "{\"\":1}"},
        {"/api/plugins/telemetry/DEVICE/DEV/SHARED_SCOPE", "{\"k\":null}"},
        {"/api/plugins/telemetry/DEV/SHARED_SCOPE", "{}"},
        {"/api/plugins/telemetry/DEVICE/DEV/timeseries/ANY", "{\"ts\":\"x\",\"values\":{\"k\":1}}"},
        {"/api/plugins/telemetry/DEVICE/DEV/timeseries/ANY", "[]"},
        {"/api/plugins/telemetry/ASSET/DEV/timeseries/ANY", "{\"k\":1}"},
        {"/api/plugins/telemetry/device/DEV/timeseries/ANY", "{\"k\":1}"},
        {"/api/rpc/twoway/DEV", "{\"params\":{}}"},
        {"/api/rpc/twoway/DEV", "{\"method\":5,\"params\":{}}"},
        {"/api/rpc/twoway/UNKNOWN", "{\"method\":\"m\",\"params\":{}}"},
        {"/api/plugins/rpc/twoway/nope", "{\"method\":\"m\",\"params\":{}}"},
        {"/api/customer/device/dev-1/claim", "{\"secretKey\":\"s\"}"},
        {"/api/deviceProfile/UNKNOWN/default", ""}};
    private static final String[] BAD_GETS = {
        "/api/tenant/devices?pageSize=x&page=0", "/api/tenant/devices?pageSize=0&page=0",
        "/api/tenant/devices?pageSize=5&page=-1", "/api/tenant/devices?pageSize=5", "/api/tenant/devices",
        "/api/tenant/devices?pageSize=5&page=0&sortOrder=up", "/api/tenant/devices?deviceName=nobody",
        "/api/tenant/device?deviceName=", "/api/device/ID", "/api/device/ID/credentials", "/api/device/info/ID",
        "/api/deviceProfile/ID", "/api/deviceProfileInfo/ID", "/api/otaPackage/ID", "/api/rpc/persistent/ID",
        "/api/rpc/persistent/device/DEV?pageSize=1&page=0&rpcStatus=DELETED", "/api/rpc/persistent/device/ID",
        "/api/plugins/telemetry/DEVICE/ID/values/timeseries", "/api/plugins/telemetry/DEVICE/DEV/values/timeseries"
            + "?keys=t&startTs=x&endTs=1", "/api/plugins/telemetry/DEVICE/DEV/values/timeseries?keys=t&startTs=0"
            + "&endTs=9&limit=abc", "/api/plugins/telemetry/DEVICE/DEV/values/timeseries?keys=t&startTs=0&endTs=9&agg=X",
        "/api/plugins/telemetry/DEVICE/DEV/values/attributes/BOGUS", "/api/plugins/telemetry/TENANT/DEV/keys/timeseries",
        "/api/relations?fromId=ID&fromType=DEVICE", "/api/relations", "/api/otaPackages?pageSize=a&page=0"};
    private static final String[] BAD_IDS = {"nope", "%00", "UNKNOWN", "13814000-1dd2-11b2-8080-80808080808",
        "..%2F..", "%3Cscript%3E", "0c0a2f0e-6c35-4e8c-9a3c-5c0b7e7ad2d1x"};

    @Test
    void everyBadCallIsRefusedAndChangesNothing() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        TbRestClient customer = new TbRestClient(admin.port());
        customer.login("customer@thingsboard.org", "customer");
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        api.post("/admin/devices/dev-1/attributes/shared", "{\"target\":21.5}");
        String dev = api.get("/admin/devices/dev-1").body().get("id").asText();
        String pkg = rest.post("/api/otaPackage", "{\"title\":\"fw\",\"version\":\"1\",\"type\":\"FIRMWARE\"}").json()
            .get("id").get("id").asText();
        List<String> before = snapshot(rest, dev);
        Random random = new Random(SEED);
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < CASES; i++) {
                String unknown = UUID.randomUUID().toString();
                TbRestClient caller = rest;
                String what;
                TbRestClient.Reply reply;
                switch (random.nextInt(5)) {
                    case 0: { // a strict prefix of a JSON body is never JSON
                        String[] call = BODIES[random.nextInt(BODIES.length)];
                        String body = call[1].replace("DEV", dev);
                        what = "POST " + call[0] + " truncated";
                        reply = rest.post(call[0].replace("DEV", dev), body.substring(0, random.nextInt(body.length())));
                        break;
                    }
                    case 1: { // not an object
                        String[] call = BODIES[random.nextInt(BODIES.length)];
                        String body = new String[] {"[]", "\"text\"", "42", "null", "", "{\"a\":1}{\"b\":2}"}[random.nextInt(6)];
                        what = "POST " + call[0] + " " + body;
                        reply = rest.post(call[0].replace("DEV", dev), body);
                        break;
                    }
                    case 2: { // a body the endpoint refuses whole
                        String[] call = INVALID[random.nextInt(INVALID.length)];
                        String path = call[0].replace("DEV", dev).replace("PKG", pkg).replace("UNKNOWN", unknown);
                        what = "POST " + path + " " + call[1];
                        reply = rest.post(path, call[1].replace("DEV", dev).replace("PKG", pkg).replace("UNKNOWN", unknown));
                        break;
                    }
                    case 3: { // a bad id, query value or scope
                        String path = BAD_GETS[random.nextInt(BAD_GETS.length)].replace("DEV", dev)
                            .replace("ID", BAD_IDS[random.nextInt(BAD_IDS.length)].replace("UNKNOWN", unknown));
                        boolean delete = random.nextInt(4) == 0 && path.startsWith("/api/device/");
                        what = (delete ? "DELETE " : "GET ") + path;
                        reply = delete ? rest.delete(path) : rest.get(path);
                        break;
                    }
                    default: { // a token that is not one of ours
                        caller = new TbRestClient(admin.port());
                        String[] parts = rest.token().split("\\.");
                        String token = new String[] {"", "abc", "a.b", "a.b.c", parts[0] + "." + parts[1],
                            parts[0] + "." + Base64.getUrlEncoder().encodeToString("{\"exp\":9999999999}".getBytes())
                                + "." + parts[2], rest.token() + "x", customer.token()}[random.nextInt(8)];
                        caller.token(token);
                        what = "GET /api/tenant/devices with token '" + token + "'";
                        reply = caller.get("/api/tenant/devices?pageSize=10&page=0");
                        break;
                    }
                }
                String where = "case " + i + " (seed " + SEED + ", replay with -Dtbmock.fuzz.seed=" + SEED + "): " + what;
                assertTrue(reply.status() >= 400 && reply.status() < 500, where + " → " + reply);
                assertTrue(caller == rest || reply.status() == 401 || reply.status() == 403, where + " → " + reply);
            }
            assertEquals(List.of(), logs.warningsAndStackTraces(), "seed " + SEED);
        }
        assertEquals(before, snapshot(rest, dev), "nothing changed; seed " + SEED);
    }

    /** Everything a bad call could change, through both doors. */
    private static List<String> snapshot(TbRestClient rest, String dev) throws Exception {
        List<String> views = new ArrayList<>();
        for (String path : List.of("/admin/devices", "/admin/devices/dev-1/attributes", "/admin/devices/dev-1/rpc",
            "/admin/provision-profiles", "/admin/ota/packages")) {
            views.add(path + " " + api.get(path).body());
        }
        for (String path : List.of("/api/device/" + dev, "/api/device/" + dev + "/credentials",
            "/api/deviceProfiles?pageSize=100&page=0", "/api/otaPackages?pageSize=100&page=0",
            "/api/plugins/telemetry/DEVICE/" + dev + "/values/attributes")) {
            JsonNode body = rest.get(path).json();
            views.add(path + " " + (body == null ? null : body.toString().replaceAll("\"lastUpdateTs\":\\d+", "")));
        }
        return views;
    }
}
