package com.example.thermostat;

import io.tbmock.junit5.TbMockExtension;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The builder style: one server for the class, the device created before each test. */
class ThermostatTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static TbMockExtension tb = TbMockExtension.builder()
        .device("thermostat-1", token("T1"))
        .build();

    private Thermostat thermostat;

    @BeforeEach
    void connect() throws Exception {
        thermostat = new Thermostat(tb.mqttUri(), "T1");
    }

    @AfterEach
    void disconnect() throws Exception {
        thermostat.close();
    }

    @Test
    void reportsItsTemperatureAsTelemetry() throws Exception {
        thermostat.report(21.5);
        assertEquals(KvValue.of(21.5), tb.mock().awaitTelemetry("thermostat-1", "temperature", WAIT).value());
    }

    @Test
    void appliesATargetPushedAsASharedAttribute() {
        tb.mock().setSharedAttributesJson("thermostat-1", "{\"targetTemperature\":23.5}");
        assertEquals(KvValue.of(23.5), tb.mock().awaitClientAttribute("thermostat-1", "appliedTarget", WAIT));
    }

    @Test
    void answersTheGetTargetRpc() {
        ServerRpc rpc = tb.mock().sendRpc("thermostat-1", RpcRequest.twoWay("getTarget").timeout(WAIT));
        assertEquals(RpcStatus.SUCCESSFUL, rpc.status());
        assertEquals("{\"target\":20.0}", rpc.response());
    }
}
