package com.example.thermostat;

import io.tbmock.junit5.TbMockRuntimeInfo;
import io.tbmock.junit5.TbMockTest;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The annotation style: the server and where it is come in as parameters. */
@TbMockTest
class ThermostatOverTlsTest {

    @Test
    void reportsOverMqttsTrustingTheMocksCa(TbMock tb, TbMockRuntimeInfo server) throws Exception {
        tb.createDevice(NewDevice.named("thermostat-2").credentials(token("T2")));
        try (Thermostat thermostat = new Thermostat(server.mqttsUri(), "T2", server.sslContext().getSocketFactory())) {
            thermostat.report(19.0);
            assertEquals(KvValue.of(19.0),
                tb.awaitTelemetry("thermostat-2", "temperature", Duration.ofSeconds(5)).value());
        }
    }
}
