package io.tbmock.server;

import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest extends RunningServer {
    @Test
    void tokenDeviceSendsTelemetry() throws Exception {
        tb.createDevice(NewDevice.named("dev-1").credentials(DeviceCredentials.token("T1")));
        try (MqttDevice device = MqttDevice.connectWithToken(port, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"temperature\":25.5}", 1);
            assertEquals(KvValue.of(25.5), tb.awaitTelemetry("dev-1", "temperature", Duration.ofSeconds(5)).value());
        }
    }
}
