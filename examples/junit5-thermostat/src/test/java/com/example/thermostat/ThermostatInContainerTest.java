package com.example.thermostat;

import io.tbmock.server.TbMock;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.testcontainers.TbMockContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.time.Duration;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same device against tbmock in a container (a shared CI service, say): TbMockContainer starts the image
 * built with {@code docker build -t tbmock .}, and {@code admin()} is the same TbMock as in-process.
 * Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ThermostatInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Container
    static TbMockContainer tbmock = new TbMockContainer(System.getProperty("tbmock.image", "tbmock:latest"));

    private TbMock tb;

    @BeforeEach
    void createTheDevice() {
        tb = tbmock.admin();
        tb.reset();
        tb.createDevice(NewDevice.named("thermostat-1").credentials(token("T1")));
    }

    @Test
    void reportsAndAnswersThroughTheContainer() throws Exception {
        try (Thermostat thermostat = new Thermostat(tbmock.mqttUri(), "T1")) {
            thermostat.report(20.5);
            assertEquals(KvValue.of(20.5), tb.awaitTelemetry("thermostat-1", "temperature", WAIT).value());

            tb.setSharedAttributesJson("thermostat-1", "{\"targetTemperature\":22.0}");
            assertEquals(KvValue.of(22.0), tb.awaitClientAttribute("thermostat-1", "appliedTarget", WAIT));
            ServerRpc answer = tb.sendRpc("thermostat-1", RpcRequest.twoWay("getTarget").timeout(WAIT));
            assertEquals("{\"target\":22.0}", answer.response());
        }
    }
}
