package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The curl lines of ThingsBoard's HTTP API documentation (thingsboard.github.io, docs/reference/resources/http-*.sh),
 * run by bash as written, with the host, port and token filled in, against tbmock: each does what the
 * documentation says. Skipped, saying so, where curl is not installed (CI installs it: .ci/device-clients).
 */
class ThingsBoardHttpDocsTest extends RunningAdminServer {
    private static boolean curl;
    @TempDir
    Path dir;

    @BeforeAll
    static void findCurl() throws Exception {
        try {
            curl = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException notInstalled) {
            curl = false;
        }
    }

    @BeforeEach
    void device() throws Exception {
        assumeTrue(curl, "curl is not installed here; CI installs it (.ci/device-clients)");
        api.post("/admin/devices", "{\"name\":\"doc-device\",\"credentials\":{\"token\":\"ABC123\"}}");
        // The documentation's example files, in its shapes.
        write("telemetry-data-as-object.json", "{\n  \"temperature\": 42,\n  \"humidity\": 73\n}\n");
        write("telemetry-data-as-array.json", "[{\"temperature\": 43}, {\"humidity\": 74}]\n");
        write("telemetry-data-with-ts.json", "{\n  \"ts\": 1451649600512,\n  \"values\": {\n    \"temperature\": 44\n  }\n}\n");
        write("new-attributes-values.json", "{\n  \"attribute1\": \"value1\",\n  \"attribute2\": true\n}\n");
        write("rpc-response.json", "{\"result\": \"ok\"}\n");
        write("rpc-client-request.json", "{\"method\": \"getTime\", \"params\": {}}\n");
        write("provision-request.json", "{\n  \"deviceName\": \"DEVICE_NAME\",\n  \"provisionDeviceKey\": \"PUT_PROVISION_KEY_HERE\",\n"
            + "  \"provisionDeviceSecret\": \"PUT_PROVISION_SECRET_HERE\"\n}\n");
    }

    private void write(String name, String json) throws IOException {
        Files.writeString(dir.resolve(name), json);
    }

    /**
     * Runs a documented line in bash, in the directory of the example files: {@code $THINGSBOARD_HOST_NAME} and
     * {@code $ACCESS_TOKEN} set, and {@code localhost:8080} pointed at this server's port (the only change).
     *
     * @return what curl wrote to stdout (the answer's body)
     */
    private String run(String line) throws Exception {
        String command = line.replace("localhost:8080", "127.0.0.1:" + admin.port());
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command + "; wait").directory(dir.toFile());
        builder.environment().put("THINGSBOARD_HOST_NAME", "127.0.0.1:" + admin.port());
        builder.environment().put("ACCESS_TOKEN", "ABC123");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "did not finish: " + command);
        assertEquals(0, process.exitValue(), command);
        return new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private JsonNode telemetry() throws Exception {
        return api.get("/admin/devices/doc-device/telemetry").body();
    }

    @Test
    void telemetryInEveryDocumentedForm() throws Exception {
        run("curl -v -X POST --data '{\"temperature\":42,\"humidity\":73}' "
            + "http://$THINGSBOARD_HOST_NAME/api/v1/$ACCESS_TOKEN/telemetry --header \"Content-Type:application/json\"");
        run("curl -v -X POST -d @telemetry-data-as-object.json http://$THINGSBOARD_HOST_NAME/api/v1/$ACCESS_TOKEN/telemetry"
            + " --header \"Content-Type:application/json\"");
        run("curl -v -X POST -d @telemetry-data-as-array.json http://$THINGSBOARD_HOST_NAME/api/v1/$ACCESS_TOKEN/telemetry"
            + " --header \"Content-Type:application/json\"");
        run("curl -v -X POST -d @telemetry-data-with-ts.json http://$THINGSBOARD_HOST_NAME/api/v1/$ACCESS_TOKEN/telemetry"
            + " --header \"Content-Type:application/json\"");
        JsonNode stored = telemetry();
        assertEquals(4, stored.get("temperature").size(), stored.toString());
        assertEquals(1451649600512L, stored.at("/temperature/0/ts").asLong(), "the documented timestamp, oldest");
        assertEquals(3, stored.get("humidity").size());
    }

    @Test
    void attributesPublishedAndRequested() throws Exception {
        run("curl -v -X POST --data '{\"attribute1\": \"value1\", \"attribute2\":true, \"attribute3\": 43.0}' "
            + "http://$THINGSBOARD_HOST_NAME/api/v1/$ACCESS_TOKEN/attributes --header \"Content-Type:application/json\"");
        run("curl -v -X POST -d @new-attributes-values.json http://$THINGSBOARD_HOST_NAME/api/v1/$ACCESS_TOKEN/attributes"
            + " --header \"Content-Type:application/json\"");
        api.post("/admin/devices/doc-device/attributes/shared", "{\"shared1\":1,\"shared2\":2}");
        // As written, the unquoted '&' sends the request with clientKeys only (bash runs the rest apart).
        String answer = run("curl -v -X GET http://localhost:8080/api/v1/$ACCESS_TOKEN/attributes?"
            + "clientKeys=attribute1,attribute2&sharedKeys=shared1,shared2");
        assertEquals("{\"client\":{\"attribute1\":\"value1\",\"attribute2\":true}}", answer);
        assertEquals(43.0, api.get("/admin/devices/doc-device/attributes").body().at("/client/attribute3").asDouble());
    }

    @Test
    void theAttributeSubscriptionGetsTheNextUpdate() throws Exception {
        CompletableFuture<String> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return run("curl -v -X GET http://$THINGSBOARD_HOST_NAME/api/v1/$ACCESS_TOKEN/attributes/updates?timeout=20000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        api.get("/admin/events?device=doc-device&type=SUBSCRIBE&waitMs=10000");
        api.post("/admin/devices/doc-device/attributes/shared", "{\"targetTemperature\":21}");
        assertEquals("{\"targetTemperature\":21}", poll.get(20, TimeUnit.SECONDS));
    }

    @Test
    void rpcSubscribeReplyAndClientRpc() throws Exception {
        api.post("/admin/devices/doc-device/rpc?wait=false", "{\"method\":\"first\",\"params\":{},\"timeoutMs\":20000}");
        api.post("/admin/devices/doc-device/rpc?wait=false", "{\"method\":\"second\",\"params\":{},\"timeoutMs\":20000}");
        String polled = run("curl -v -X GET http://localhost:8080/api/v1/$ACCESS_TOKEN/rpc?timeout=20000");
        assertEquals("{\"id\":0,\"method\":\"first\",\"params\":{}}", polled);
        run("curl -v -X POST -d @rpc-response.json http://$THINGSBOARD_HOST_NAME/api/v1/$ACCESS_TOKEN/rpc/1"
            + " --header \"Content-Type:application/json\"");
        JsonNode second = api.get("/admin/devices/doc-device/rpc/1").body();
        assertEquals("SUCCESSFUL", second.get("status").asText());
        assertEquals("{\"result\":\"ok\"}", second.get("response").toString());
        api.post("/admin/client-rpc/stubs", "{\"method\":\"getTime\",\"response\":{\"time\":1451649600512}}");
        assertEquals("{\"time\":1451649600512}", run("curl -X POST -d @rpc-client-request.json "
            + "http://localhost:8080/api/v1/$ACCESS_TOKEN/rpc --header \"Content-Type:application/json\""));
    }

    @Test
    void provisioning() throws Exception {
        api.post("/admin/provision-profiles", "{\"name\":\"docs\",\"provisionDeviceKey\":\"PUT_PROVISION_KEY_HERE\","
            + "\"provisionDeviceSecret\":\"PUT_PROVISION_SECRET_HERE\"}");
        String answer = run("curl -v -X POST -d @provision-request.json http://localhost:8080/api/v1/provision"
            + " --header \"Content-Type:application/json\"");
        assertTrue(answer.contains("\"status\":\"SUCCESS\""), answer);
        assertEquals(200, api.get("/admin/devices/DEVICE_NAME").status());
    }
}
