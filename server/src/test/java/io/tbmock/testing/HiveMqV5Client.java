package io.tbmock.testing;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5UnsubAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAck;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The HiveMQ MQTT client speaking MQTT 5 over plain TCP. */
final class HiveMqV5Client extends HiveMqClient {
    private final Mqtt5AsyncClient client;

    HiveMqV5Client(MqttDevice.Options options, Events events) {
        super(options);
        this.client = MqttClient.builder().useMqttVersion5().identifier(options.clientId)
            .serverHost(MqttDevice.HOST).serverPort(options.port)
            .addDisconnectedListener(context -> {
                // A DISCONNECT from the server carries its reason code; a dropped connection only an exception.
                Integer reasonCode = context.getCause() instanceof Mqtt5DisconnectException fromServer
                    ? fromServer.getMqttMessage().getReasonCode().getCode() : null;
                events.disconnected(reasonCode, context.getCause());
            })
            .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> events.message(publish.getTopic().toString(),
            publish.getPayloadAsBytes(), publish.getQos().getCode()));
    }

    @Override
    public void connect() throws Exception {
        Mqtt5ConnectBuilder builder = Mqtt5Connect.builder().cleanStart(options.cleanSession)
            .keepAlive(MqttDevice.KEEP_ALIVE_SECONDS);
        if (options.sessionExpiry != null) {
            builder.sessionExpiryInterval(options.sessionExpiry);
        }
        if (options.username != null || options.password != null) {
            builder.simpleAuth(auth());
        }
        try {
            MqttDevice.await(client.connect(builder.build()));
        } catch (Mqtt5ConnAckException e) {
            throw new MqttDevice.Refused(e.getMqttMessage().getReasonCode().getCode(), e);
        }
    }

    private Mqtt5SimpleAuth auth() {
        Mqtt5SimpleAuthBuilder.Complete auth = null;
        Mqtt5SimpleAuthBuilder start = Mqtt5SimpleAuth.builder();
        if (options.username != null) {
            auth = start.username(options.username);
        }
        if (options.password != null) {
            byte[] password = options.password.getBytes(StandardCharsets.UTF_8);
            auth = auth == null ? start.password(password) : auth.password(password);
        }
        return auth.build();
    }

    /** Completes with the PUBACK's reason code, a failure code too: an acknowledgement is an answer. */
    @Override
    public CompletableFuture<Integer> publish(String topic, byte[] payload, int qos) {
        return client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload).send()
            .handle((result, failure) -> {
                Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                if (cause instanceof Mqtt5PubAckException refused) {
                    return refused.getMqttMessage().getReasonCode().getCode();
                }
                if (cause != null) {
                    throw new CompletionException(cause);
                }
                return result instanceof Mqtt5PublishResult.Mqtt5Qos1Result acknowledged
                    ? acknowledged.getPubAck().getReasonCode().getCode() : 0;
            });
    }

    @Override
    public int[] subscribe(int qos, String... filters) throws Exception {
        Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder().addSubscriptions(Arrays.stream(filters)
            .map(filter -> Mqtt5Subscription.builder().topicFilter(filter).qos(MqttQos.fromCode(qos)).build()))
            .build();
        Mqtt5SubAck subAck;
        try {
            subAck = MqttDevice.await(client.subscribe(subscribe));
        } catch (Mqtt5SubAckException refused) {
            subAck = refused.getMqttMessage(); // a refused filter still has its code in the SUBACK
        }
        return subAck.getReasonCodes().stream().mapToInt(Mqtt5SubAckReasonCode::getCode).toArray();
    }

    @Override
    public int[] unsubscribe(String... filters) throws Exception {
        Mqtt5UnsubAck unsubAck;
        try {
            unsubAck = MqttDevice.await(client.unsubscribe(Mqtt5Unsubscribe.builder()
                .addTopicFilters(Arrays.stream(filters).map(MqttTopicFilter::of)).build()));
        } catch (Mqtt5UnsubAckException refused) {
            unsubAck = refused.getMqttMessage();
        }
        return unsubAck.getReasonCodes().stream().mapToInt(Mqtt5UnsubAckReasonCode::getCode).toArray();
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
