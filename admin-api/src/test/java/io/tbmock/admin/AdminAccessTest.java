package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tbmock for a shared CI host: plain MQTT off (devices over TLS only), the admin API over HTTPS with the server
 * certificate, and an admin token every call but the health check must carry.
 */
class AdminAccessTest {
    private static final String TOKEN = "s3cret-Token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TbMockServer server;
    private static AdminServer admin;
    private static HttpClient https;

    @BeforeAll
    static void start() {
        server = TbMockServer.start(TbMockOptions.builder().mqttPort(TbMockOptions.DISABLED).mqttsPort(0)
            .bindAddress("127.0.0.1").build());
        admin = AdminServer.start(server, AdminServer.options().bindAddress("127.0.0.1").port(0).token(TOKEN)
            .https(true));
        https = HttpClient.newBuilder().sslContext(Tls.trustingContext(server.mock().caCertificatePem()))
            .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    private static HttpRequest.Builder call(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + admin.port() + path))
            .timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallWithoutTheTokenIsA401AndChangesNothing() throws Exception {
        HttpResponse<String> missing = send(call("/admin/devices").POST(HttpRequest.BodyPublishers.ofString(
            "{\"name\":\"intruder\"}")));
        assertEquals(401, missing.statusCode());
        assertEquals("Bearer realm=\"tbmock\"", missing.headers().firstValue("WWW-Authenticate").orElse(null));
        JsonNode body = JSON.readTree(missing.body());
        assertEquals(401, body.get("status").asInt());
        assertTrue(body.get("error").asText().contains("Authorization: Bearer"), missing.body());

        HttpResponse<String> wrong = send(call("/admin/devices").header("Authorization", "Bearer " + TOKEN + "x"));
        assertEquals(401, wrong.statusCode());
        assertEquals("the admin token given is not this tbmock's", JSON.readTree(wrong.body()).get("error").asText());
        HttpResponse<String> notBearer = send(call("/admin/stats").header("Authorization", TOKEN));
        assertEquals(401, notBearer.statusCode());
        HttpResponse<String> unknownPath = send(call("/admin/nope"));
        assertEquals(401, unknownPath.statusCode(), "paths are not revealed to a caller without the token");

        assertFalse(server.mock().devices().stream().anyMatch(d -> d.name().equals("intruder")));
    }

    @Test
    void aCallWithoutTheTokenIsRefusedBeforeItsBodyIsRead() throws Exception {
        String caPem = server.mock().caCertificatePem();
        try (Socket socket = Tls.trustingContext(caPem).getSocketFactory().createSocket("localhost", admin.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /admin/ota/packages?title=big&version=1 HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Length: 50000000\r\nExpect: 100-continue\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            // No "100 Continue" invites the 50 MB: the 401 comes at once, and the connection closes.
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(answer.contains("\"status\":401"), answer);
        }
        assertTrue(server.mock().otaPackages().isEmpty());
    }

    @Test
    void aDeviceSpeaksThingsBoardsHttpApiOverHttpsWithItsAccessTokenAlone() throws Exception {
        server.mock().createDevice(NewDevice.named("https-dev").credentials(DeviceCredentials.token("HT1")));
        HttpResponse<String> posted = send(call("/api/v1/HT1/telemetry")
            .POST(HttpRequest.BodyPublishers.ofString("{\"overTls\":true}")));
        assertEquals(200, posted.statusCode(), "the device API is not behind the admin token: " + posted.body());
        assertTrue(server.mock().latestTelemetry("https-dev").get("overTls").asBoolean());
        assertEquals(401, send(call("/api/v1/nope/telemetry").POST(HttpRequest.BodyPublishers.ofString("{}")))
            .statusCode());
    }

    @Test
    void aCallWithTheTokenIsServed() throws Exception {
        HttpResponse<String> created = send(call("/admin/devices").header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"tls-dev\",\"credentials\":{\"token\":\"T9\"}}")));
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> stats = send(call("/admin/stats").header("Authorization", "Bearer " + TOKEN));
        assertEquals(200, stats.statusCode());
        server.mock().deleteDevice("tls-dev");
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> health = send(call("/admin/health"));
        assertEquals(200, health.statusCode());
        JsonNode body = JSON.readTree(health.body());
        assertEquals("UP", body.get("status").asText());
        assertTrue(body.get("mqttPort").isNull(), "plain MQTT is off: " + health.body());
        assertEquals(server.mqttsPort().getAsInt(), body.get("mqttsPort").asInt());
    }

    @Test
    void theWebViewsFilesNeedNoTokenButWhatThePageAsksForDoes() throws Exception {
        HttpResponse<String> admin = send(call("/admin"));
        assertEquals(302, admin.statusCode());
        assertEquals("/admin/ui/", admin.headers().firstValue("Location").orElse(null));
        HttpResponse<String> page = send(call("/admin/ui/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"app.js\"></script>"));
        assertEquals(200, send(call("/admin/ui/app.js")).statusCode());
        assertEquals(401, send(call("/admin/ui/../devices")).statusCode(), "no way around the token");
        assertEquals(401, send(call("/admin/events")).statusCode());
    }

    @Test
    void theAdminApiIsNotServedOverPlainHttp() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/admin/health"))
            .timeout(Duration.ofSeconds(10)).build();
        assertThrows(java.io.IOException.class, () -> plain.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void anHttpsClientThatDoesNotTrustTheCaIsRefused() {
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Exception refused = assertThrows(java.io.IOException.class, () -> untrusting.send(call("/admin/health").build(),
            HttpResponse.BodyHandlers.ofString()));
        assertInstanceOf(SSLHandshakeException.class, refused, refused.toString());
    }

    @Test
    void devicesConnectOverTlsOnly() throws Exception {
        assertEquals(TbMockOptions.DISABLED, server.mqttPort());
        server.mock().createDevice(NewDevice.named("tls-only").credentials(DeviceCredentials.token("T7")));
        try (MqttDevice device = MqttDevice.connect(server.mqttsPort().getAsInt(), MqttDevice.options().username("T7")
            .tls(Tls.trusting(server.mock().caCertificatePem(), "TLSv1.3")))) {
            device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
        } finally {
            server.mock().deleteDevice("tls-only");
        }
    }

    @Test
    void aTokenWithSpacesOrNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AdminServer.options().token(""));
        assertThrows(IllegalArgumentException.class, () -> AdminServer.options().token("two words"));
        assertThrows(IllegalArgumentException.class, () -> TbMockOptions.builder().mqttPort(TbMockOptions.DISABLED)
            .mqttsPort(TbMockOptions.DISABLED).build());
    }
}
