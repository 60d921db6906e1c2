package io.tbmock.testing;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** The HiveMQ MQTT client speaking MQTT 3.1.1 over plain TCP. */
final class HiveMqV3Client extends HiveMqClient {
    private final Mqtt3AsyncClient client;

    HiveMqV3Client(MqttDevice.Options options, Events events) {
        super(options);
        this.client = MqttClient.builder().useMqttVersion3().identifier(options.clientId)
            .serverHost(MqttDevice.HOST).serverPort(options.port)
            .addDisconnectedListener(context -> events.disconnected(null, context.getCause()))
            .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> events.message(publish.getTopic().toString(),
            publish.getPayloadAsBytes(), publish.getQos().getCode()));
    }

    @Override
    public void connect() throws Exception {
        Mqtt3ConnectBuilder connect = Mqtt3Connect.builder().cleanSession(options.cleanSession)
            .keepAlive(MqttDevice.KEEP_ALIVE_SECONDS);
        if (options.username != null) {
            connect.simpleAuth(auth());
        }
        try {
            MqttDevice.await(client.connect(connect.build()));
        } catch (Mqtt3ConnAckException e) {
            throw new MqttDevice.Refused(e.getMqttMessage().getReturnCode().getCode(), e);
        }
    }

    /** MQTT 3.1.1 sends a password only after a username ({@link MqttDevice} leaves a lone password to Paho). */
    private Mqtt3SimpleAuth auth() {
        Mqtt3SimpleAuthBuilder.Complete auth = Mqtt3SimpleAuth.builder().username(options.username);
        if (options.password != null) {
            auth = auth.password(options.password.getBytes(StandardCharsets.UTF_8));
        }
        return auth.build();
    }

    @Override
    public CompletableFuture<Integer> publish(String topic, byte[] payload, int qos) {
        return client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload).send()
            .thenApply(sent -> 0);
    }

    @Override
    public int[] subscribe(int qos, String... filters) throws Exception {
        Mqtt3Subscribe subscribe = Mqtt3Subscribe.builder().addSubscriptions(Arrays.stream(filters)
            .map(filter -> Mqtt3Subscription.builder().topicFilter(filter).qos(MqttQos.fromCode(qos)).build()))
            .build();
        Mqtt3SubAck subAck;
        try {
            subAck = MqttDevice.await(client.subscribe(subscribe));
        } catch (Mqtt3SubAckException refused) {
            subAck = refused.getMqttMessage(); // every filter refused: the SUBACK is still the answer
        }
        return subAck.getReturnCodes().stream().mapToInt(Mqtt3SubAckReturnCode::getCode).toArray();
    }

    @Override
    public int[] unsubscribe(String... filters) throws Exception {
        MqttDevice.await(client.unsubscribe(Mqtt3Unsubscribe.builder()
            .addTopicFilters(Arrays.stream(filters).map(MqttTopicFilter::of)).build()));
        return new int[0];
    }

    @Override
    protected MqttClient client() {
        return client;
    }

    @Override
    protected CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }
}
