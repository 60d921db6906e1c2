package io.tbmock.app;

import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.MqttProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tbmock.app.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top-level Dockerfile, built and run as its README section says, and driven through the published ports. */
@RequiresDocker
class DockerImageIT {
    private static final String IMAGE = "tbmock:test";
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void buildTheImage() throws IOException {
        DockerCli.run(DockerCli.BUILD_TIMEOUT, Map.of(), "docker", "build", "-t", IMAGE, ".").succeeded();
    }

    @AfterEach
    void removeContainers() throws IOException {
        for (String container : containers) {
            docker("rm", "-f", container);
        }
    }

    @Test
    void theConfiguredFleetIsServedThroughThePublishedPortsByAJvmThatIsNotRoot() throws Exception {
        Path config = DockerCli.repository().resolve("examples/config");
        String container = start("-v", config + ":/config:ro", "-e", "JAVA_OPTS=-Xmx96m -Dtbmock.example=yes");
        String admin = "http://" + published(container, 8080) + "/admin";

        try (MqttDevice thermostat = MqttDevice.connect(port(published(container, 1883)),
            MqttDevice.options().username("THERMOSTAT_1_TOKEN"))) {
            thermostat.subscribe(1, "v1/devices/me/attributes");
            thermostat.publish("v1/devices/me/telemetry", "{\"temperature\":25.5}", 1);
            assertEquals("{\"temperature\":25.5}", get(admin + "/devices/thermostat-1/telemetry/latest?keys=temperature"));

            post(admin + "/devices/thermostat-1/attributes/shared", "{\"targetTemperature\":22}");
            MqttDevice.Received pushed = thermostat.nextMessage();
            assertEquals("{\"targetTemperature\":22}", pushed.payload());
        }
        assertTrue(get(admin + "/ota/packages").contains("\"version\":\"1.1\""),
            "the package file named by the config, next to it in the mounted directory, is loaded");

        assertNotEquals("0", docker("exec", container, "id", "-u").succeeded().stdout().strip(), "not root");
        String commandLine = docker("exec", container, "cat", "/proc/1/cmdline").succeeded().stdout().replace('\0', ' ');
        assertTrue(commandLine.startsWith("java -XX:SharedArchiveFile=/opt/tbmock/tbmock.jsa -Xmx96m "
                + "-Dtbmock.example=yes -jar /opt/tbmock/tbmock.jar"),
            "java is process 1, so docker stop's SIGTERM reaches it, and JAVA_OPTS reach java: " + commandLine);
        String mapped = docker("exec", container, "cat", "/proc/1/maps").succeeded().stdout();
        assertTrue(mapped.contains("/opt/tbmock/tbmock.jsa"),
            "the class-data-sharing archive made when the image was built is mapped, with JAVA_OPTS given too");
    }

    @Test
    void dockerStopIsACleanStopWithinTwoSecondsThatDevicesAreToldOf() throws Exception {
        String container = start();
        String admin = "http://" + published(container, 8080) + "/admin";
        post(admin + "/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        try (MqttDevice device = MqttDevice.connectWithToken(port(published(container, 1883)), "T1",
            MqttProtocol.MQTT_5)) {
            // Docker sends SIGKILL if the container has not stopped within --time: a slow stop exits 137.
            docker("stop", "--time", "2", container).succeeded();
            assertEquals(0x8B, device.awaitDisconnectReason(), "told the server is shutting down");
        }
        assertEquals("143", docker("inspect", "-f", "{{.State.ExitCode}}", container).succeeded().stdout().strip(),
            "ended by its SIGTERM (128 + 15), not killed after the grace period");
        String logs = DockerCli.logs(container);
        assertTrue(logs.contains("tbmock stopping: closing 1 connected devices' sessions"), logs);
        assertTrue(logs.contains("DISCONNECT device=dev-1 error=the server is stopping (DISCONNECT 0x8B)"), logs);
        assertTrue(logs.strip().endsWith("tbmock stopped"), logs);
    }

    @Test
    void aMistakeInTheMountedConfigEndsTheContainerWithTheFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tbmock.yml"), "devices:\n  - name: a\n  - name: a\n");
        // The container's user is not this one.
        assertTrue(dir.toFile().setReadable(true, false) && dir.toFile().setExecutable(true, false)
            && dir.resolve("tbmock.yml").toFile().setReadable(true, false));
        String container = docker("run", "-d", "-v", dir + ":/config:ro", IMAGE).succeeded().stdout().strip();
        containers.add(container);

        DockerCli.awaitEvent(container, "die"::equals, HEALTHY_WITHIN, "die");
        assertEquals("2", docker("inspect", "-f", "{{.State.ExitCode}}", container).succeeded().stdout().strip());
        String logs = DockerCli.logs(container);
        assertTrue(logs.contains("/config/tbmock.yml:3: devices[1]: a device named 'a' already exists"), logs);
    }

    /** Runs the image with its ports published on free loopback ports and waits for Docker to call it healthy. */
    private String start(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "-d", "-p", "127.0.0.1::1883", "-p", "127.0.0.1::8883",
            "-p", "127.0.0.1::8080"));
        command.addAll(List.of(options));
        command.add(IMAGE);
        String container = docker(command.toArray(String[]::new)).succeeded().stdout().strip();
        containers.add(container);
        String health = DockerCli.awaitEvent(container, status -> status.equals("health_status: healthy")
            || status.equals("die"), HEALTHY_WITHIN, "health_status", "die");
        assertEquals("health_status: healthy", health, DockerCli.logs(container));
        return container;
    }

    /** The host address:port Docker published a container port on. */
    private static String published(String container, int containerPort) throws IOException {
        return docker("port", container, containerPort + "/tcp").succeeded().stdout().lines().findFirst()
            .orElseThrow();
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return response.body();
    }

    private void post(String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, url + ": " + response.statusCode() + " " + response.body());
    }
}
