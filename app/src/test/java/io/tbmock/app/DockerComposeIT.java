package io.tbmock.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The top-level docker-compose.yml with its example device under test, brought up, driven by the example's
 * curl script, and brought down, as the README says.
 */
@RequiresDocker(tool = "docker-compose")
class DockerComposeIT {
    private static final String PROJECT = "tbmockit";

    @Test
    void theExampleDeviceIsDrivenByTheTestScriptAndDownLeavesNothing() throws Exception {
        Map<String, String> env = freeHostPorts();
        try {
            DockerCli.run(DockerCli.BUILD_TIMEOUT, env, "docker-compose", "-p", PROJECT, "up", "-d", "--build")
                .succeeded();
            String services = compose(env, "ps").stdout();
            assertTrue(services.contains("Up (healthy)"), "tbmock is up and healthy: " + services);

            env.put("TBMOCK_ADMIN", "http://127.0.0.1:" + env.get("HTTP_PORT") + "/admin");
            DockerCli.Result test = DockerCli.run(DockerCli.COMMAND_TIMEOUT, env, "sh",
                "examples/docker-compose/test.sh");
            assertEquals(0, test.exitCode(), test.stdout() + test.stderr() + compose(env, "logs", "--no-color").stdout());
            assertTrue(test.stdout().contains("\"response\":{\"targetTemperature\":23}"), test.stdout());
            assertTrue(test.stdout().strip().endsWith("PASS"), test.stdout());
        } finally {
            compose(env, "down");
        }
        assertEquals("", DockerCli.docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT)
            .succeeded().stdout().strip(), "no container left");
    }

    private static DockerCli.Result compose(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", PROJECT));
        command.addAll(List.of(args));
        return DockerCli.run(DockerCli.COMMAND_TIMEOUT, env, command.toArray(String[]::new)).succeeded();
    }

    /** The host ports docker-compose.yml publishes on, moved off 1883/8883/8080 that a developer may be using. */
    private static Map<String, String> freeHostPorts() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String variable : List.of("MQTT_PORT", "MQTTS_PORT", "HTTP_PORT")) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                env.put(variable, String.valueOf(socket.getLocalPort()));
            }
        }
        return env;
    }
}
