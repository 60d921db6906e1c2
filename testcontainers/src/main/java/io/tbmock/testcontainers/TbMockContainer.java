package io.tbmock.testcontainers;

import io.tbmock.client.TbMockClient;
import io.tbmock.server.TbMock;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * tbmock's image in a test: MQTT, MQTT over TLS and the admin API exposed, started once {@code /admin/health}
 * answers, with the endpoints a device and a test need and the {@link TbMock} handle over the admin API.
 *
 * <pre>{@code
 * @Container
 * static TbMockContainer tbmock = new TbMockContainer("tbmock:latest")
 *     .withConfig(Path.of("src/test/resources/tbmock.yml"));
 *
 * TbMock tb = tbmock.admin();
 * URI broker = tbmock.mqttUri();                       // tcp://localhost:49153
 * }</pre>
 */
public class TbMockContainer extends GenericContainer<TbMockContainer> {
    public static final int MQTT_PORT = 1883;
    public static final int MQTTS_PORT = 8883;
    public static final int HTTP_PORT = 8080;
    /** Where the image loads its config file from (docs/docker.md). */
    public static final String CONFIG_DIRECTORY = "/config";

    private TbMockClient admin;
    private String adminToken;

    /** @param image tbmock's image, as built from its Dockerfile: {@code "tbmock:latest"} */
    public TbMockContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public TbMockContainer(DockerImageName image) {
        super(image);
        withExposedPorts(MQTT_PORT, MQTTS_PORT, HTTP_PORT);
        waitingFor(Wait.forHttp("/admin/health").forPort(HTTP_PORT).forStatusCode(200)
            .withStartupTimeout(Duration.ofSeconds(60)));
    }

    /**
     * The config file tbmock starts from and returns to on every reset (docs/config-file.md): a file, copied in
     * as {@code /config/tbmock.<yml|yaml|json>}, or a directory holding {@code tbmock.yml} and the files it names.
     */
    public TbMockContainer withConfig(Path config) {
        if (Files.isDirectory(config)) {
            return withCopyFileToContainer(MountableFile.forHostPath(config), CONFIG_DIRECTORY);
        }
        String name = config.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return withCopyFileToContainer(MountableFile.forHostPath(config), CONFIG_DIRECTORY + "/tbmock." + extension);
    }

    /** A tbmock option as its environment variable: {@code withOption("client-rpc-timeout", "5s")}. */
    public TbMockContainer withOption(String option, String value) {
        return withEnv("TBMOCK_" + option.toUpperCase(Locale.ROOT).replace('-', '_'), value);
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on the admin API ({@code --admin-token}); {@link #admin()}
     * sends it. The health check the container waits on stays open.
     */
    public TbMockContainer withAdminToken(String token) {
        this.adminToken = token;
        return withOption("admin-token", token);
    }

    /** {@code tcp://host:port}, for a device's MQTT client (as the JUnit 5 extension's, so tests move freely). */
    public URI mqttUri() {
        return URI.create("tcp://" + getHost() + ":" + getMappedPort(MQTT_PORT));
    }

    /** {@code ssl://host:port}; the server certificate names localhost and 127.0.0.1 and is signed by {@link #caCertificatePem()}. */
    public URI mqttsUri() {
        return URI.create("ssl://" + getHost() + ":" + getMappedPort(MQTTS_PORT));
    }

    /**
     * {@code http://host:port}, the base of the admin REST API (docs/admin-api.md), of ThingsBoard's own REST API
     * under {@code /api} (docs/thingsboard-rest.md) and of its HTTP device API under {@code /api/v1}
     * (docs/thingsboard-http.md), as the extension's.
     */
    public URI adminUrl() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(HTTP_PORT));
    }

    /** The CA that signed the MQTTS server certificate and mints device certificates, as PEM. */
    public String caCertificatePem() {
        return admin().caCertificatePem();
    }

    /** The running tbmock's handle, over its admin API: the same {@link TbMock} a test uses in-process. */
    public synchronized TbMock admin() {
        if (admin == null) {
            TbMockClient.Builder client = TbMockClient.builder(adminUrl().toString());
            admin = (adminToken == null ? client : client.adminToken(adminToken)).connect();
        }
        return admin;
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (admin != null) {
                admin.close();
                admin = null;
            }
        }
        super.stop();
    }
}
