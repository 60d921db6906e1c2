package io.tbmock.testcontainers;

import io.tbmock.server.TbMock;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.KvValue;
import io.tbmock.testing.Tls;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TbMockContainer as a user's test holds it: the config, the options, and endpoints a device can use as they are. */
@ExtendWith(TbMockImage.class)
class TbMockContainerIT {
    @Test
    void aConfiguredContainerHandsOutEndpointsThatWork() throws Exception {
        // A directory: the config and the firmware file it names.
        Path config = Path.of(System.getProperty("tbmock.repository", "..")).resolve("examples/config");
        try (TbMockContainer tbmock = new TbMockContainer(TbMockImage.build())
            .withConfig(config)
            .withOption("client-rpc-timeout", "2s")) {
            tbmock.start();
            TbMock tb = tbmock.admin();
            assertTrue(tb.devices().stream().anyMatch(device -> device.name().equals("thermostat-1")),
                "the config's fleet");

            MqttClient device = new MqttClient(tbmock.mqttUri().toString(), "thermostat", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName("THERMOSTAT_1_TOKEN");
            device.connect(options);
            device.publish("v1/devices/me/telemetry", "{\"temperature\":22.5}".getBytes(), 1, false);
            device.disconnect();
            device.close();
            assertEquals(KvValue.of(22.5), tb.awaitTelemetry("thermostat-1", "temperature", Duration.ofSeconds(10))
                .value());

            MqttClient secure = new MqttClient(tbmock.mqttsUri().toString(), "meter-1", new MemoryPersistence());
            MqttConnectOptions tls = new MqttConnectOptions();
            tls.setSocketFactory(Tls.trusting(tbmock.caCertificatePem(), "TLSv1.3"));
            tls.setUserName("meter");
            tls.setPassword("secret".toCharArray());
            secure.connect(tls);
            assertTrue(secure.isConnected(), "the server certificate is trusted through the container's CA");
            secure.disconnect();
            secure.close();

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(tbmock.adminUrl() + "/admin/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            // ThingsBoard's own REST API on the same port: its login, then the config's device by name.
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(tbmock.adminUrl() + "/api/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"tenant@thingsboard.org\",\"password\":\"tenant\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String token = login.body().replaceAll(".*\"token\":\"([^\"]*)\".*", "$1");
            HttpResponse<String> found = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(tbmock.adminUrl() + "/api/tenant/devices?deviceName=thermostat-1"))
                .header("X-Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, found.statusCode(), found.body());
            assertTrue(found.body().contains("\"name\":\"thermostat-1\""), found.body());
            // ThingsBoard's HTTP device API on the same port: a device posts with its access token.
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(tbmock.adminUrl() + "/api/v1/THERMOSTAT_1_TOKEN/telemetry"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"humidity\":40}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, posted.statusCode(), posted.body());
            assertEquals(KvValue.of(40), tb.awaitTelemetry("thermostat-1", "humidity", Duration.ofSeconds(10)).value());
        }
    }

    @Test
    void aConfigFileAloneAndAnAdminToken(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("fleet.json"),
            "{\"devices\":[{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}]}");
        try (TbMockContainer tbmock = new TbMockContainer(TbMockImage.build()).withConfig(config)
            .withAdminToken("ci-token")) {
            tbmock.start(); // the wait on /admin/health needs no token
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(tbmock.adminUrl() + "/admin/devices")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertEquals(List.of("dev-1"), tbmock.admin().devices().stream().map(Device::name).toList());
            tbmock.admin().reset();
            assertEquals(List.of("dev-1"), tbmock.admin().devices().stream().map(Device::name).toList(),
                "a reset returns to the config");
        }
    }
}
