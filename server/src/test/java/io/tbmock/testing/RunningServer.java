package io.tbmock.testing;

import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

/**
 * One server per test class on free ports (MQTT and MQTTS); everything forgotten before each test.
 * Client-side RPCs without a stub time out after {@link #CLIENT_RPC_TIMEOUT}, and provision sessions close
 * {@link #PROVISION_CLOSE_DELAY} after their answer, instead of ThingsBoard's 60 s each.
 */
public abstract class RunningServer {
    protected static TbMockServer server;
    protected static TbMock tb;
    protected static int port;
    protected static int tlsPort;
    protected static final Duration CLIENT_RPC_TIMEOUT = Duration.ofSeconds(1);
    protected static final Duration PROVISION_CLOSE_DELAY = Duration.ofMillis(500);

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
