package io.tbmock.testing;

import java.util.concurrent.CompletableFuture;

/** What {@link MqttDevice} needs of an MQTT client library, whichever MQTT version it speaks. */
interface DeviceClient {

    /** What the client hears from the server. */
    interface Events {
        void message(String topic, byte[] payload, int qos);

        /** The connection is gone; {@code reasonCode} is that of the server's DISCONNECT, if it sent one. */
        void disconnected(Integer reasonCode, Throwable cause);
    }

    /** @throws MqttDevice.Refused the server refused the connection */
    void connect() throws Exception;

    /** Completes with the PUBACK's reason code (0 when there is none), exceptionally when it fails. */
    CompletableFuture<Integer> publish(String topic, byte[] payload, int qos) throws Exception;

    int[] subscribe(int qos, String... filters) throws Exception;

    int[] unsubscribe(String... filters) throws Exception;

    boolean isConnected();

    String clientId();

    /** Disconnects if connected, then frees the client. */
    void close();
}
