package io.tbmock.testing;

import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link RunningServer} plus, for each test, device {@code dev-1} (token {@code T1}) connected as {@link #device}. */
public abstract class ConnectedDevice extends RunningServer {
    protected static final String DEVICE = "dev-1";
    protected static final String TOKEN = "T1";
    protected MqttDevice device;

    protected ConnectedDevice() {
    }

    protected ConnectedDevice(MqttProtocol protocol) {
        super(protocol);
    }

    @BeforeEach
    void connectDevice() throws Exception {
        tb.createDevice(NewDevice.named(DEVICE).credentials(DeviceCredentials.token(TOKEN)));
        device = connect(TOKEN);
    }

    @AfterEach
    void closeDevice() {
        device.close();
    }
}
