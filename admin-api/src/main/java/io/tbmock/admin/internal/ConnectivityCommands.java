package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * ThingsBoard's device connectivity commands (its DeviceConnectivityServiceImpl and DeviceConnectivityUtil):
 * ready-to-paste lines that publish telemetry as the device, naming the host the caller reached this server at:
 * a {@code curl} to the HTTP device API on the port the caller reached (an access-token device's only), and
 * {@code mosquitto_pub} on the MQTT ports, plain and over TLS, and the same in ThingsBoard's Docker image of the
 * clients. Only the transports this server serves are listed; ThingsBoard lists CoAP too. Served by ThingsBoard's
 * REST API and the admin API alike, and shown by the web view.
 */
public final class ConnectivityCommands {
    public static final String MQTTS = "mqtts";
    /** The file the MQTTS commands save the CA certificate as, and the name ThingsBoard serves it under. */
    public static final String CA_ROOT_CERT_PEM = "ca-root.pem";
    private static final String MQTT = "mqtt";
    private static final String HTTP = "http";
    private static final String DOCKER = "docker";
    private static final String CHECK_DOCUMENTATION = "Check documentation";
    private static final String TELEMETRY_TOPIC = "v1/devices/me/telemetry";
    /** ThingsBoard's example payload, quoted for the shell; its lenient JSON parser takes the unquoted key. */
    private static final String EXAMPLE_PAYLOAD = "\"{temperature:25}\"";
    private static final String HOST_DOCKER_INTERNAL = "host.docker.internal";
    private static final String DOCKER_RUN = "docker run --rm -it ";
    private static final String ADD_DOCKER_INTERNAL_HOST = "--add-host=" + HOST_DOCKER_INTERNAL + ":host-gateway ";
    private static final String MQTT_IMAGE = "thingsboard/mosquitto-clients ";
    private static final Pattern CONTROL_CHARS = Pattern.compile("\\p{Cntrl}");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private ConnectivityCommands() {
    }

    /**
     * {@code {"http":{"http":"curl …"},"mqtt":{"mqtt":"…","mqtts":["curl …","mosquitto_pub …"],
     * "docker":{"mqtt":"…","mqtts":"…"}}}}; {@code "https"} in place of the inner {@code "http"} when the caller
     * reached the server over HTTPS.
     */
    public static ObjectNode of(Device device, String baseUrl, int mqttPort, OptionalInt mqttsPort) {
        ObjectNode commands = Json.object();
        if (device.credentials() instanceof DeviceCredentials.AccessToken token) {
            commands.putObject(HTTP).put(URI.create(baseUrl).getScheme(), httpPublish(baseUrl, token));
        }
        ObjectNode mqtt = commands.putObject(MQTT);
        if (device.credentials() instanceof DeviceCredentials.X509) {
            mqtt.put(MQTTS, CHECK_DOCUMENTATION);
            return commands;
        }
        String host = host(baseUrl);
        ObjectNode docker = Json.object();
        if (mqttPort != TbMockOptions.DISABLED) {
            String command = publish(false, host, mqttPort, device.credentials());
            mqtt.put(MQTT, command);
            docker.put(MQTT, inDocker(command, host, null));
        }
        if (mqttsPort.isPresent()) {
            String download = certificateDownload(baseUrl);
            String command = publish(true, host, mqttsPort.getAsInt(), device.credentials());
            mqtt.putArray(MQTTS).add(download).add(command);
            docker.put(MQTTS, inDocker(command, host, download));
        }
        mqtt.set(DOCKER, docker);
        return commands;
    }

    /** ThingsBoard's getHttpPublishCommand: the token in the path, with control characters replaced. */
    private static String httpPublish(String baseUrl, DeviceCredentials.AccessToken token) {
        return "curl -v -X POST " + baseUrl + "/api/v1/" + CONTROL_CHARS.matcher(token.token()).replaceAll("_")
            + "/telemetry --header Content-Type:application/json --data " + EXAMPLE_PAYLOAD;
    }

    /** ThingsBoard's getMqttPublishCommand. */
    private static String publish(boolean tls, String host, int port, DeviceCredentials credentials) {
        StringBuilder command = new StringBuilder("mosquitto_pub -d -q 1");
        if (tls) {
            command.append(" --cafile ").append(CA_ROOT_CERT_PEM);
        }
        command.append(" -h ").append(host).append(" -p ").append(port).append(" -t ").append(TELEMETRY_TOPIC);
        if (credentials instanceof DeviceCredentials.AccessToken token) {
            command.append(" -u \"").append(shellArgument(token.token())).append('"');
        } else if (credentials instanceof DeviceCredentials.MqttBasic basic) {
            option(command, "-i", basic.clientId());
            option(command, "-u", basic.username());
            option(command, "-P", basic.password());
        }
        return command.append(" -m ").append(EXAMPLE_PAYLOAD).toString();
    }

    private static void option(StringBuilder command, String flag, String value) {
        if (value != null && !value.isEmpty()) {
            command.append(' ').append(flag).append(" \"").append(shellArgument(value)).append('"');
        }
    }

    /** ThingsBoard's getDockerMqttPublishCommand: a loopback host is the Docker host as the container sees it. */
    private static String inDocker(String command, String host, String certificateDownload) {
        boolean local = isLoopback(host);
        String inContainer = local ? command.replace(host, HOST_DOCKER_INTERNAL) : command;
        String run = DOCKER_RUN + (local ? ADD_DOCKER_INTERNAL_HOST : "") + MQTT_IMAGE;
        return certificateDownload == null ? run + inContainer
            : run + "/bin/sh -c \"" + certificateDownload + " && " + inContainer + "\"";
    }

    private static String certificateDownload(String baseUrl) {
        return "curl -f -S -o " + CA_ROOT_CERT_PEM + " " + baseUrl + "/api/device-connectivity/" + MQTTS
            + "/certificate/download";
    }

    /** The host of the caller's base URL; an IPv6 address without brackets, as mosquitto_pub's -h takes it. */
    private static String host(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        return host == null ? "localhost" : host.replace("[", "").replace("]", "");
    }

    /** Whether the host is this machine's loopback: looked at, never resolved (no DNS on an event loop). */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * A value inside a double-quoted shell argument, as ThingsBoard escapes it: control characters replaced, so
     * the command stays one line, and nothing that would end the quotes or substitute a command or variable.
     */
    private static String shellArgument(String value) {
        return CONTROL_CHARS.matcher(value).replaceAll("_").replace("\\", "\\\\").replace("\"", "\\\"")
            .replace("$", "\\$").replace("`", "\\`");
    }
}
