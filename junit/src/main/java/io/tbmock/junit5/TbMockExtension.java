package io.tbmock.junit5;

import io.tbmock.admin.AdminServer;
import io.tbmock.junit5.internal.Settings;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.ProvisionProfile;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A tbmock server for JUnit 5 tests, in-process on free ports. In a static field it serves the whole class
 * (started before the first test, stopped after the last); in an instance field, one test. Before each test
 * everything is reset and the builder's devices and settings are created again, unless
 * {@link Builder#resetBeforeEach(boolean) resetBeforeEach(false)}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static TbMockExtension tb = TbMockExtension.builder().device("dev-1", token("T1")).build();
 *
 * @Test
 * void reportsTemperature() {
 *     Thermostat device = new Thermostat(tb.mqttUri(), "T1");
 *     device.report(25.5);
 *     assertEquals(KvValue.of(25.5), tb.mock().awaitTelemetry("dev-1", "temperature", Duration.ofSeconds(5)).value());
 * }
 * }</pre>
 *
 * Test and lifecycle methods may also take {@link TbMock}, {@link TbMockRuntimeInfo} or {@link TbMockServer}
 * parameters. Each instance keeps its own server, so test classes may run in parallel; the tests of one class
 * share a server, so they must not run in parallel with each other while it is reset between them.
 * Used through {@link TbMockTest}, the annotation's settings apply.
 */
public final class TbMockExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback, ParameterResolver {

    // Null when JUnit creates the extension for @TbMockTest: the annotation's settings are read at start.
    private final Settings settings;
    // The instance, not JUnit's Store, holds the server: a field-registered extension must answer mock() and
    // mqttUri() from a test, where there is no ExtensionContext to look it up in.
    private TbMockRuntimeInfo running;
    private Settings runningSettings;
    private String owner; // unique id of the class or test whose start made the server; it alone stops it

    /** The extension with default settings, or those of {@link TbMockTest} on the test class. */
    public TbMockExtension() {
        this(null);
    }

    private TbMockExtension(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    // --- what a test uses ------------------------------------------------------------------------------

    /** The Java API of the running server. @throws IllegalStateException no server is running */
    public TbMock mock() {
        return runtimeInfo().mock();
    }

    /** Where the running server is. @throws IllegalStateException no server is running */
    public synchronized TbMockRuntimeInfo runtimeInfo() {
        if (running == null) {
            throw new IllegalStateException("this TbMockExtension has no running server: in a static field it "
                + "runs from before the class's first test to after its last, in an instance field during each test");
        }
        return running;
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public URI mqttUri() {
        return runtimeInfo().mqttUri();
    }

    /** {@code ssl://127.0.0.1:<port>}. */
    public URI mqttsUri() {
        return runtimeInfo().mqttsUri();
    }

    /** {@code http://127.0.0.1:<port>}, the admin REST API, ThingsBoard's REST API and its HTTP device API. */
    public URI adminUrl() {
        return runtimeInfo().adminUrl();
    }

    /** The CA certificate (PEM) that a TLS device must trust. */
    public String caCertificatePem() {
        return runtimeInfo().caCertificatePem();
    }

    // --- lifecycle -------------------------------------------------------------------------------------

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (running != null) {
            if (context.getUniqueId().startsWith(owner)) {
                return; // a @Nested class shares its enclosing class's server
            }
            throw new ExtensionConfigurationException(describe(context) + " is already serving " + owner
                + ": one TbMockExtension in a static field cannot serve two test classes at once (a field in a "
                + "shared base class, with classes running in parallel); give each class its own");
        }
        start(context);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        stopIfOwnedBy(context);
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (running == null) {
            start(context); // an instance field: a server for this test alone
        } else if (runningSettings.resetBeforeEach()) {
            running.mock().reset();
            runningSettings.applySetup(running.mock());
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        stopIfOwnedBy(context);
    }

    private void start(ExtensionContext context) {
        Settings chosen = settings != null ? settings : AnnotationSupport
            .findAnnotation(context.getRequiredTestClass(), TbMockTest.class)
            .map(annotation -> new Settings(List.of(), options -> { }, annotation.resetBeforeEach(),
                annotation.adminApi(), annotation.tls()))
            .orElse(Settings.DEFAULTS);
        TbMockServer server = TbMockServer.start(chosen.serverOptions());
        AdminServer admin = null;
        try {
            if (chosen.adminApi()) {
                admin = AdminServer.start(server, server.options().bindAddress(), 0);
            }
            chosen.applySetup(server.mock());
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close();
            }
            server.close();
            throw new ExtensionConfigurationException(describe(context) + ": the server could not be set up: "
                + e.getMessage(), e);
        }
        running = new TbMockRuntimeInfo(server, admin);
        runningSettings = chosen;
        owner = context.getUniqueId();
    }

    private void stopIfOwnedBy(ExtensionContext context) {
        if (running != null && context.getUniqueId().equals(owner)) {
            TbMockRuntimeInfo stopping = running;
            running = null;
            runningSettings = null;
            owner = null;
            stopping.close();
        }
    }

    /** "field 'tb' of ThermostatTest", or "@TbMockTest on ThermostatTest": for error messages. */
    private String describe(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        for (Class<?> type = testClass; type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == TbMockExtension.class && Modifier.isStatic(field.getModifiers())
                    && field.trySetAccessible()) {
                    try {
                        if (field.get(null) == this) {
                            return "TbMockExtension field '" + field.getName() + "' of " + type.getName();
                        }
                    } catch (IllegalAccessException ignored) {
                        // not readable: described by its class below
                    }
                }
            }
        }
        return "TbMockExtension of " + testClass.getName();
    }

    // --- parameters ------------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TbMock.class || type == TbMockRuntimeInfo.class || type == TbMockServer.class;
    }

    @Override
    public synchronized Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (running == null) {
            throw new ParameterResolutionException(describe(context) + " has no running server for parameter '"
                + parameter.getParameter().getName() + "': an extension in an instance field starts before each "
                + "test, so it cannot serve constructors or @BeforeAll methods");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == TbMock.class) {
            return running.mock();
        }
        return type == TbMockServer.class ? running.server() : running;
    }

    /** Devices and settings for {@link #builder()}; every call adds to what the server starts with. */
    public static final class Builder {
        private final List<Consumer<TbMock>> setup = new ArrayList<>();
        private Consumer<TbMockOptions.Builder> options = builder -> { };
        private boolean resetBeforeEach = true;
        private boolean adminApi = true;
        private boolean tls = true;

        private Builder() {
        }

        /** A device with these credentials ({@code DeviceCredentials.token("T1")}, {@code basic(…)}, …). */
        public Builder device(String name, DeviceCredentials credentials) {
            return device(NewDevice.named(name).credentials(credentials));
        }

        public Builder device(NewDevice device) {
            Objects.requireNonNull(device, "device");
            setup.add(mock -> mock.createDevice(device));
            return this;
        }

        public Builder provisionProfile(ProvisionProfile profile) {
            Objects.requireNonNull(profile, "profile");
            setup.add(mock -> mock.createProvisionProfile(profile));
            return this;
        }

        /** Shared attributes the device finds when it asks (set after the devices declared before this call). */
        public Builder sharedAttributes(String device, Map<String, ?> values) {
            Map<String, ?> copy = Map.copyOf(values);
            setup.add(mock -> mock.setSharedAttributes(device, copy));
            return this;
        }

        public Builder clientRpcStub(ClientRpcStub stub) {
            Objects.requireNonNull(stub, "stub");
            setup.add(mock -> mock.stubClientRpc(stub));
            return this;
        }

        /**
         * Server options beyond the extension's (free ports on 127.0.0.1), for example
         * {@code options(o -> o.clientRpcTimeout(Duration.ofSeconds(2)))}.
         */
        public Builder options(Consumer<TbMockOptions.Builder> options) {
            this.options = this.options.andThen(Objects.requireNonNull(options, "options"));
            return this;
        }

        /** Whether everything is reset before each test (default); false keeps state from test to test. */
        public Builder resetBeforeEach(boolean reset) {
            this.resetBeforeEach = reset;
            return this;
        }

        /** Whether the admin REST API runs too (default true). */
        public Builder adminApi(boolean adminApi) {
            this.adminApi = adminApi;
            return this;
        }

        /** Whether MQTT over TLS runs too (default true; the CA is made in the background at start). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public TbMockExtension build() {
            return new TbMockExtension(new Settings(setup, options, resetBeforeEach, adminApi, tls));
        }
    }
}
