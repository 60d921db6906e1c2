package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tbmock.certs.CertificateAuthority;
import io.tbmock.certs.Credential;
import io.tbmock.certs.Pem;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.Tls;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** X.509 device credentials and the CA over HTTP, used by a TLS device. */
class CertificatesApiTest extends RunningAdminServer {

    @Test
    void theCaIsServedAsPem() throws Exception {
        HttpResponse<String> ca = caPem();
        assertEquals(200, ca.statusCode());
        assertEquals("application/x-pem-file", ca.headers().firstValue("Content-Type").orElseThrow());
        X509Certificate certificate = Pem.readCertificate(ca.body());
        assertTrue(certificate.getBasicConstraints() >= 0, "a CA certificate");
    }

    @Test
    void aMintedCertificateAndItsKeyComeBackOnceAndConnect() throws Exception {
        AdminClient.Reply created = api.post("/admin/devices",
            "{\"name\":\"cert-dev\",\"credentials\":{\"type\":\"X509_CERTIFICATE\"}}");
        assertEquals(201, created.status());
        JsonNode credentials = created.body().get("credentials");
        assertEquals("X509_CERTIFICATE", credentials.get("type").asText());
        String certificate = credentials.get("certificatePem").asText();
        String key = credentials.get("privateKeyPem").asText();
        Pem.readCertificate(certificate).verify(Pem.readCertificate(caPem().body()).getPublicKey());
        assertFalse(api.get("/admin/devices/cert-dev").body().get("credentials").has("privateKeyPem"), "not kept");

        try (MqttDevice device = MqttDevice.connect(mqttsPort,
            MqttDevice.options().tls(Tls.withClientCertificate(caPem().body(), certificate, key)))) {
            device.publish("v1/devices/me/telemetry", "{\"tls\":true}", 1);
        }
        assertEquals(AdminClient.json("{\"tls\":true}"), api.get("/admin/devices/cert-dev/telemetry/latest").body());
    }

    @Test
    void aGivenCertificateIsStoredAsGiven() throws Exception {
        Credential own = CertificateAuthority.create("device maker").clientCertificate("own-dev");
        AdminClient.Reply created = api.post("/admin/devices", "{\"name\":\"own-dev\",\"credentials\":"
            + "{\"type\":\"X509_CERTIFICATE\",\"certificatePem\":" + quote(own.certificatePem()) + "}}");
        assertEquals(201, created.status(), created.body().toString());
        assertFalse(created.body().get("credentials").has("privateKeyPem"));
        assertEquals(own.certificatePem(), created.body().get("credentials").get("certificatePem").asText());
    }

    private static HttpResponse<String> caPem() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + admin.port() + "/admin/certs/ca.pem")).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static String quote(String text) {
        return new TextNode(text).toString();
    }
}
