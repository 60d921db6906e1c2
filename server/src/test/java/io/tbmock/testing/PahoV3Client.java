package io.tbmock.testing;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** Paho's MQTT 3.1 / 3.1.1 client. */
final class PahoV3Client implements DeviceClient {
    private final MqttAsyncClient client;
    private final MqttDevice.Options options;

    PahoV3Client(MqttDevice.Options options, Events events) throws MqttException {
        this.options = options;
        this.client = new MqttAsyncClient(options.uri(), options.clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                events.disconnected(null, cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                events.message(topic, message.getPayload(), message.getQos());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    @Override
    public void connect() throws Exception {
        MqttConnectOptions paho = new MqttConnectOptions();
        paho.setMqttVersion(options.protocol == MqttProtocol.MQTT_3_1 ? MqttConnectOptions.MQTT_VERSION_3_1
            : MqttConnectOptions.MQTT_VERSION_3_1_1);
        paho.setCleanSession(options.cleanSession);
        paho.setAutomaticReconnect(false);
        paho.setConnectionTimeout((int) MqttDevice.TIMEOUT.toSeconds());
        paho.setKeepAliveInterval(MqttDevice.KEEP_ALIVE_SECONDS);
        if (options.username != null) {
            paho.setUserName(options.username);
        }
        if (options.password != null) {
            paho.setPassword(options.password.toCharArray());
        }
        if (options.tls != null) {
            paho.setSocketFactory(options.tls);
        }
        try {
            client.connect(paho).waitForCompletion(MqttDevice.TIMEOUT.toMillis());
        } catch (MqttException e) {
            if (e.getReasonCode() > 0 && e.getReasonCode() <= 5) {
                throw new MqttDevice.Refused(e.getReasonCode(), e);
            }
            throw e;
        }
    }

    @Override
    public CompletableFuture<Integer> publish(String topic, byte[] payload, int qos) throws MqttException {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        client.publish(topic, payload, qos, false, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(0);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    @Override
    public int[] subscribe(int qos, String... filters) throws MqttException {
        int[] qoss = new int[filters.length];
        Arrays.fill(qoss, qos);
        IMqttToken token = client.subscribe(filters, qoss);
        token.waitForCompletion(MqttDevice.TIMEOUT.toMillis());
        return token.getGrantedQos();
    }

    @Override
    public int[] unsubscribe(String... filters) throws MqttException {
        client.unsubscribe(filters).waitForCompletion(MqttDevice.TIMEOUT.toMillis());
        return new int[0];
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public String clientId() {
        return client.getClientId();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(MqttDevice.TIMEOUT.toMillis());
            }
        } catch (MqttException ignored) {
            // already gone
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing left to close
        }
    }
}
