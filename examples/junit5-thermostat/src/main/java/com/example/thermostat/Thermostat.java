package com.example.thermostat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The device under test: a thermostat on ThingsBoard's MQTT device API. It reports its temperature, takes
 * its target from the shared attribute {@code targetTemperature} and confirms it as the client attribute
 * {@code appliedTarget}, and answers the RPC {@code getTarget}.
 */
public final class Thermostat implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RPC_REQUEST = "v1/devices/me/rpc/request/";

    private final MqttClient client;
    private volatile double target = 20.0;

    public Thermostat(URI broker, String accessToken) throws MqttException {
        this(broker, accessToken, null);
    }

    /** Over TLS ({@code ssl://…}) with a socket factory that trusts the server's CA. */
    public Thermostat(URI broker, String accessToken, SSLSocketFactory tls) throws MqttException {
        client = new MqttClient(broker.toString(), MqttClient.generateClientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(accessToken);
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        client.connect(options);
        client.subscribe("v1/devices/me/attributes", 1, (topic, message) -> onSharedAttributes(message));
        client.subscribe(RPC_REQUEST + "+", 1, this::onRpc);
    }

    public void report(double temperature) throws MqttException {
        publish("v1/devices/me/telemetry", JSON.createObjectNode().put("temperature", temperature).toString());
    }

    public double target() {
        return target;
    }

    private void onSharedAttributes(MqttMessage message) throws IOException, MqttException {
        JsonNode update = JSON.readTree(message.getPayload());
        if (update.has("targetTemperature")) {
            target = update.get("targetTemperature").asDouble();
            publish("v1/devices/me/attributes", JSON.createObjectNode().put("appliedTarget", target).toString());
        }
    }

    private void onRpc(String topic, MqttMessage message) throws IOException, MqttException {
        JsonNode request = JSON.readTree(message.getPayload());
        String id = topic.substring(RPC_REQUEST.length());
        String response = "getTarget".equals(request.path("method").asText())
            ? JSON.createObjectNode().put("target", target).toString()
            : JSON.createObjectNode().put("error", "unknown method").toString();
        publish("v1/devices/me/rpc/response/" + id, response);
    }

    // Paho callbacks run on its receiving thread; a blocking publish there would wait for itself.
    private void publish(String topic, String json) throws MqttException {
        client.getTopic(topic).publish(json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
