package io.tbmock.testing;

import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server per test class on free ports (MQTT and MQTTS); everything forgotten before each test.
 * Client-side RPCs without a stub time out after {@link #CLIENT_RPC_TIMEOUT}, and provision sessions close
 * {@link #PROVISION_CLOSE_DELAY} after their answer, instead of ThingsBoard's 60 s each.
 *
 * <p>Devices connect over {@link #protocol}: MQTT 3.1.1 unless the class is {@link ForEachProtocol}, which
 * runs its cases for MQTT 3.1.1 and MQTT 5 and takes the protocol in its constructor.
 */
public abstract class RunningServer {
    protected static TbMockServer server;
    protected static TbMock tb;
    protected static int port;
    protected static int tlsPort;
    protected static final Duration CLIENT_RPC_TIMEOUT = Duration.ofSeconds(1);
    protected static final Duration PROVISION_CLOSE_DELAY = Duration.ofMillis(500);
    protected final MqttProtocol protocol;

    protected RunningServer() {
        this(MqttProtocol.MQTT_3_1_1);
    }

    protected RunningServer(MqttProtocol protocol) {
        this.protocol = protocol;
    }

    /** Connects a device with a token as username over this test's protocol. */
    protected MqttDevice connect(String token) throws Exception {
        return MqttDevice.connectWithToken(port, token, protocol);
    }

    /** CONNECT options for this test's protocol. */
    protected MqttDevice.Options deviceOptions() {
        return MqttDevice.options().protocol(protocol);
    }

    protected boolean mqtt5() {
        return protocol == MqttProtocol.MQTT_5;
    }

    /**
     * The device's publish carried a payload ThingsBoard's adaptor refuses (docs/thingsboard-mqtt.md §4.3): MQTT 3.x closes the
     * connection without a PUBACK; MQTT 5 answers PUBACK 0x99 and keeps the session.
     */
    protected void assertRefusedAsInvalid(MqttDevice device, CompletableFuture<Integer> answer) throws Exception {
        if (mqtt5()) {
            assertEquals(0x99, answer.get(MqttDevice.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "PUBACK 0x99");
            assertTrue(device.isConnected(), "the session is kept");
        } else {
            assertTrue(device.awaitConnectionLost(), "the server closes the connection");
            assertNull(MqttDevice.pubAckOrNull(answer), "no PUBACK");
        }
    }

    /**
     * The device's publish carried a payload ThingsBoard fails on with an unchecked error (docs/thingsboard-mqtt.md §4.3): the
     * connection closes without a PUBACK, an MQTT 5 one after DISCONNECT 0x8B.
     */
    protected void assertFailedOn(MqttDevice device, CompletableFuture<Integer> answer) throws InterruptedException {
        assertEquals(mqtt5() ? Integer.valueOf(0x8B) : null, device.awaitDisconnectReason(), "DISCONNECT's reason");
        assertNull(MqttDevice.pubAckOrNull(answer), "no PUBACK");
    }

    @BeforeAll
    static void startServer() {
        server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(0).bindAddress("127.0.0.1")
            .clientRpcTimeout(CLIENT_RPC_TIMEOUT).provisionCloseDelay(PROVISION_CLOSE_DELAY).build());
        tb = server.mock();
        port = server.mqttPort();
        tlsPort = server.mqttsPort().orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    protected void forgetEverything() {
        tb.reset();
    }
}
