package io.tbmock.junit5.internal;

import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockOptions;

import java.util.List;
import java.util.function.Consumer;

/**
 * How an extension's server is made and what it starts with.
 *
 * @param setup           applied in order to a fresh server, and again after each reset: devices, profiles, …
 * @param options         applied to the options after the extension's own (free ports, 127.0.0.1)
 * @param resetBeforeEach whether everything is reset, and {@code setup} applied again, before each test
 * @param adminApi        whether the admin REST API runs too
 * @param tls             whether MQTT over TLS runs too
 */
public record Settings(List<Consumer<TbMock>> setup, Consumer<TbMockOptions.Builder> options, boolean resetBeforeEach,
                       boolean adminApi, boolean tls) {
    public static final Settings DEFAULTS = new Settings(List.of(), options -> { }, true, true, true);

    public Settings {
        setup = List.copyOf(setup);
    }

    public TbMockOptions serverOptions() {
        TbMockOptions.Builder builder = TbMockOptions.builder().mqttPort(0).bindAddress("127.0.0.1")
            .mqttsPort(tls ? 0 : TbMockOptions.DISABLED);
        options.accept(builder);
        return builder.build();
    }

    public void applySetup(TbMock mock) {
        setup.forEach(step -> step.accept(mock));
    }
}
