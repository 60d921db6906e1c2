package io.tbmock.testing;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** Paho's MQTT 5 client. */
final class PahoV5Client implements DeviceClient {
    private final MqttAsyncClient client;
    private final MqttDevice.Options options;

    PahoV5Client(MqttDevice.Options options, Events events) throws MqttException {
        this.options = options;
        this.client = new MqttAsyncClient(options.uri(), options.clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // A DISCONNECT from the server carries its reason code; a dropped connection only an exception.
                boolean fromServer = response.getException() == null;
                events.disconnected(fromServer ? response.getReturnCode() : null, response.getException());
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                events.message(topic, message.getPayload(), message.getQos());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    @Override
    public void connect() throws Exception {
        MqttConnectionOptions paho = new MqttConnectionOptions();
        paho.setCleanStart(options.cleanSession);
        if (options.sessionExpiry != null) {
            paho.setSessionExpiryInterval(options.sessionExpiry);
        }
        paho.setAutomaticReconnect(false);
        paho.setConnectionTimeout((int) MqttDevice.TIMEOUT.toSeconds());
        paho.setKeepAliveInterval(MqttDevice.KEEP_ALIVE_SECONDS);
        if (options.username != null) {
            paho.setUserName(options.username);
        }
        if (options.password != null) {
            paho.setPassword(options.password.getBytes(StandardCharsets.UTF_8));
        }
        if (options.tls != null) {
            paho.setSocketFactory(options.tls);
        }
        try {
            client.connect(paho).waitForCompletion(MqttDevice.TIMEOUT.toMillis());
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF) {
                throw new MqttDevice.Refused(e.getReasonCode(), e);
            }
            throw e;
        }
    }

    @Override
    public CompletableFuture<Integer> publish(String topic, byte[] payload, int qos) throws MqttException {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        client.publish(topic, message, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                done.complete(codes == null || codes.length == 0 ? 0 : codes[0]);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    done.complete(codes[0]); // an acknowledgement with a failure code is still an answer
                } else {
                    done.completeExceptionally(failure);
                }
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
        return token.getReasonCodes();
    }

    @Override
    public int[] unsubscribe(String... filters) throws MqttException {
        IMqttToken token = client.unsubscribe(filters);
        token.waitForCompletion(MqttDevice.TIMEOUT.toMillis());
        return token.getReasonCodes();
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
                // The DISCONNECT, then the socket closed. Paho 1.2.5 sometimes never completes the DISCONNECT's
                // token when the server closes the connection on reading it (as ThingsBoard and tbmock do), and
                // a plain disconnect() then waited its whole timeout: at most a second here.
                client.disconnectForcibly(0, 1000, true);
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
