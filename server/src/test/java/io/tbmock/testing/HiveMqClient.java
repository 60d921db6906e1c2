package io.tbmock.testing;

import com.hivemq.client.mqtt.MqttClient;

import java.util.concurrent.CompletableFuture;

/** What the HiveMQ client does alike for MQTT 3.1.1 and MQTT 5; its two APIs share no disconnect. */
abstract class HiveMqClient implements DeviceClient {
    protected final MqttDevice.Options options;

    HiveMqClient(MqttDevice.Options options) {
        this.options = options;
    }

    /** The client, whichever version's API it is. */
    protected abstract MqttClient client();

    /** Sends DISCONNECT and closes the connection. */
    protected abstract CompletableFuture<Void> disconnect();

    @Override
    public boolean isConnected() {
        return client().getState().isConnected();
    }

    @Override
    public String clientId() {
        return options.clientId;
    }

    @Override
    public void close() {
        if (isConnected()) {
            MqttDevice.awaitQuietly(disconnect());
        }
    }
}
