package io.tbmock.admin;

import io.tbmock.server.TbMockOptions;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.TbMockServer;
import io.tbmock.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, routing errors and body limits. */
class ServerApiTest extends RunningAdminServer {

    @Test
    void healthReportsPortsAndVersion() throws Exception {
        AdminClient.Reply health = api.get("/admin/health");
        assertEquals(200, health.status());
        assertEquals(json("{\"status\":\"UP\",\"mqttPort\":" + mqttPort + ",\"mqttsPort\":" + mqttsPort + ",\"httpPort\":"
            + admin.port() + ",\"version\":\"" + TbMockServer.VERSION + "\"}"), health.body());
    }

    @Test
    void statsCountWhatIsHeldAndWhatWasDropped() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\"}");
        AdminClient.Reply stats = api.get("/admin/stats");
        assertEquals(200, stats.status());
        assertEquals(json("{\"devices\":1,\"connectedDevices\":0,\"events\":0,\"eventsDropped\":0,"
            + "\"telemetryValuesDropped\":0,\"rpcsDropped\":0,\"clientRpcsDropped\":0,\"pendingWaits\":0,\"lastSeq\":0}"), stats.body());
    }

    @Test
    void anUnknownEndpointIsA404AndAWrongMethodA405() throws Exception {
        AdminClient.Reply unknown = api.get("/admin/nope");
        assertEquals(404, unknown.status());
        assertEquals(json("{\"status\":404,\"error\":\"no admin endpoint GET /admin/nope\"}"), unknown.body());
        AdminClient.Reply wrongMethod = api.send("PUT", "/admin/devices", "{}");
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.body().get("error").asText().contains("use POST, GET"));
        assertEquals("POST, GET", wrongMethod.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void aLongPollTheServerStopsUnderIsA503AndNoError() throws Exception {
        try (LogCapture logs = new LogCapture();
             TbMockServer other = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(-1)
                 .bindAddress("127.0.0.1").build());
             AdminServer otherAdmin = AdminServer.start(other, "127.0.0.1", 0)) {
            CompletableFuture<AdminClient.Reply> poll = new AdminClient(otherAdmin.port()).getAsync(
                "/admin/events?type=CLAIM&waitMs=60000");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (other.mock().stats().pendingWaits() < 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until the poll, on the server's loop, has registered
            }
            other.stop();
            AdminClient.Reply stopped = poll.get(10, TimeUnit.SECONDS);
            assertEquals(503, stopped.status());
            assertEquals(json("{\"status\":503,\"error\":\"the tbmock server stopped\"}"), stopped.body());
            assertEquals(List.of(), logs.warningsAndStackTraces());
        }
    }

    @Test
    void callsStillWaitingWhenTheAdminApiStopsAreAnswered503() throws Exception {
        try (TbMockServer other = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(-1)
                 .bindAddress("127.0.0.1").build())) {
            other.mock().createDevice(NewDevice.named("silent"));
            AdminServer otherAdmin = AdminServer.start(other, "127.0.0.1", 0);
            AdminClient client = new AdminClient(otherAdmin.port());
            CompletableFuture<AdminClient.Reply> poll = client.getAsync("/admin/events?type=CLAIM&waitMs=60000");
            CompletableFuture<AdminClient.Reply> rpc = client.postAsync("/admin/devices/silent/rpc",
                "{\"method\":\"m\",\"timeoutMs\":60000}");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((other.mock().stats().pendingWaits() < 1 || other.mock().rpcs("silent").isEmpty())
                && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until both calls, on the server's loop, are waiting
            }
            otherAdmin.close(); // as the launcher does first when it is told to stop (SIGTERM)
            for (CompletableFuture<AdminClient.Reply> call : List.of(poll, rpc)) {
                AdminClient.Reply stopped = call.get(10, TimeUnit.SECONDS);
                assertEquals(503, stopped.status());
                assertEquals(json("{\"status\":503,\"error\":\"the tbmock server is stopping\"}"), stopped.body());
            }
        }
    }

    @Test
    void theWebViewIsServedFromTheJarAndMayLoadOnlyItself() throws Exception {
        for (String entry : new String[] {"/", "/admin", "/admin/", "/admin/ui"}) {
            String response = raw("GET " + entry + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 302 Found"), response);
            assertTrue(response.toLowerCase().contains("location: /admin/ui/"), response);
        }
        String page = raw("GET /admin/ui/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").toLowerCase();
        assertTrue(page.startsWith("http/1.1 200"), page);
        assertTrue(page.contains("content-type: text/html; charset=utf-8"), page);
        assertTrue(page.contains("content-security-policy: default-src 'none'; script-src 'self'"), page);
        assertTrue(page.contains("<h2 id=\"journal-title\">journal</h2>"), page);
        String script = raw("GET /admin/ui/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(script.contains("text/javascript") && script.contains("/admin/events?after="), script.substring(0, 300));
        assertTrue(!script.contains("innerHTML"), "the page puts what devices send as text only");
        assertEquals(404, api.get("/admin/ui/secrets.txt").status());
    }

    @Test
    void aPathWithBrokenPercentEncodingIsA400() throws Exception {
        String response = raw("GET /admin/devices/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.contains("is not valid percent-encoding"), response);
    }

    @Test
    void anHttpVersionOtherThan1IsA505AndTheConnectionCloses() throws Exception {
        String response = raw("GET /admin/stats HTTP/9.9\r\nHost: x\r\n\r\n"); // read until the server closes
        assertTrue(response.startsWith("HTTP/1.1 505"), response);
        assertTrue(response.contains("\"status\":505"), response);
    }

    /** Sends the bytes and reads the answer until the server closes the connection. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", admin.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyOverTheLimitIsA413() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", admin.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /admin/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("\"status\":413"), response);
        }
    }

    /** curl sends {@code Expect: 100-continue} for bodies over 1 KB, and waits for the answer before the body. */
    @Test
    void aBodyOverTheLimitAnnouncedWithExpectContinueIsA413WithItsJsonError() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", admin.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /admin/ota/packages?title=fw&version=1 HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 100000000\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            String head = readResponse(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
            assertTrue(head.contains("{\"status\":413,\"error\":\"the request body is larger than 67108864 bytes"), head);
        }
    }

    /** One HTTP response: its head, then as many body bytes as its Content-Length says. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder response = new StringBuilder();
        while (!response.toString().endsWith("\r\n\r\n")) {
            response.append((char) in.read());
        }
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(response);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        response.append(new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8));
        return response.toString();
    }
}
