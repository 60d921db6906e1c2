package io.tbmock.junit5;

import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The extension as JUnit runs it: each case runs a small test class (the nested fixtures, which surefire does
 * not pick up on their own) on the JUnit Platform and checks what happened.
 */
class TbMockExtensionTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * The fixture classes below record what they saw in static fields; a run starts with none of an earlier
     * run's records, so the tests hold when run again in the same JVM (a rerun of failures, an IDE's repeat),
     * as the repetitions below do.
     */
    @BeforeEach
    void forgetEarlierRuns() {
        BuilderStyle.servers.clear();
        InstanceField.servers.clear();
        WithNested.servers.clear();
        AnnotationStyle.beforeAllSawTheServer = false;
    }

    @RepeatedTest(2)
    void aStaticFieldServesTheClassAndResetsBeforeEachTestKeepingTheBuildersDevices() throws Exception {
        assertAllSucceeded(run(BuilderStyle.class), 2);
        assertEquals(2, BuilderStyle.servers.size());
        assertSame(BuilderStyle.servers.get(0), BuilderStyle.servers.get(1), "one server for the class");
        assertFalse(BuilderStyle.servers.get(0).healthy(), "stopped after the class");
        assertRefused(BuilderStyle.mqttPort);
    }

    @Test
    void resetBeforeEachFalseKeepsStateFromTestToTest() {
        assertAllSucceeded(run(KeepingState.class), 2);
    }

    @RepeatedTest(2)
    void theAnnotationInjectsTheHandleAndWhereTheServerIs() {
        assertAllSucceeded(run(AnnotationStyle.class), 1);
        assertTrue(AnnotationStyle.beforeAllSawTheServer);
    }

    @Test
    void whatIsTurnedOffSaysHowToTurnItOn() {
        assertAllSucceeded(run(WithoutAdminAndTls.class), 1);
    }

    @RepeatedTest(2)
    void anInstanceFieldServesOneTest() {
        assertAllSucceeded(run(InstanceField.class), 2);
        assertEquals(2, InstanceField.servers.size());
        assertNotSame(InstanceField.servers.get(0), InstanceField.servers.get(1), "a server per test");
        InstanceField.servers.forEach(server -> assertFalse(server.healthy(), "each stopped after its test"));
    }

    @RepeatedTest(2)
    void aNestedClassSharesItsEnclosingClassesServer() {
        assertAllSucceeded(run(WithNested.class), 2);
        assertEquals(2, WithNested.servers.size());
        assertSame(WithNested.servers.get(0), WithNested.servers.get(1));
    }

    @Test
    void classesRunInParallelEachWithItsOwnServer() {
        Parallel.barrier.reset();
        assertAllSucceeded(EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
            .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
            .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
            .selectors(selectClass(ParallelA.class), selectClass(ParallelB.class))
            .execute().testEvents(), 2);
    }

    @Test
    void aStaticFieldInABaseClassCannotServeTwoClassesAtOnce() {
        SharedField.aClassEnded = new CountDownLatch(1);
        Events containers = EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
            .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
            .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
            .selectors(selectClass(SharedFieldA.class), selectClass(SharedFieldB.class))
            .execute().containerEvents();
        containers.failed().assertThatEvents().haveExactly(1, event(finishedWithFailure(
            instanceOf(ExtensionConfigurationException.class),
            message(m -> m.contains("TbMockExtension field 'shared' of " + SharedField.class.getName())
                && m.contains("cannot serve two test classes at once")))));
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    /** Every test of the run passed, and there were {@code count}; a failure shows its cause. */
    private static void assertAllSucceeded(Events tests, int count) {
        String failures = tests.failed().stream()
            .map(event -> event.getTestDescriptor().getDisplayName() + ": " + event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::toString).orElse("?"))
            .collect(Collectors.joining("\n"));
        assertEquals("", failures, "failed tests");
        tests.assertStatistics(stats -> stats.started(count).succeeded(count));
    }

    private static void assertRefused(int port) {
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    // --- the test classes run above --------------------------------------------------------------------

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class BuilderStyle {
        static final List<TbMockServer> servers = new CopyOnWriteArrayList<>();
        static int mqttPort;

        @RegisterExtension
        static TbMockExtension tb = TbMockExtension.builder()
            .device("dev-1", token("T1"))
            .sharedAttributes("dev-1", Map.of("interval", 5))
            .build();

        @Test
        @Order(1)
        void first(TbMockServer server) throws Exception {
            servers.add(server);
            mqttPort = tb.runtimeInfo().mqttPort();
            tb.mock().createDevice(NewDevice.named("made-in-test").credentials(token("T9")));
            try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
                device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
            }
            assertEquals(KvValue.of(1L), tb.mock().awaitTelemetry("dev-1", "t", WAIT).value());
        }

        @Test
        @Order(2)
        void second(TbMockServer server) {
            servers.add(server);
            assertEquals(List.of("dev-1"), tb.mock().devices().stream().map(d -> d.name()).toList(),
                "the test's own device is gone, the builder's is back");
            assertTrue(tb.mock().latestTelemetry("dev-1").isEmpty(), "recorded data is gone");
            assertEquals(KvValue.of(5L), tb.mock().attributes("dev-1").shared().get("interval"));
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class KeepingState {
        @RegisterExtension
        static TbMockExtension tb = TbMockExtension.builder().resetBeforeEach(false).tls(false).build();

        @Test
        @Order(1)
        void first() {
            tb.mock().createDevice(NewDevice.named("kept").credentials(token("K1")));
        }

        @Test
        @Order(2)
        void second() {
            assertEquals("kept", tb.mock().device("kept").name());
        }
    }

    @TbMockTest
    static class AnnotationStyle {
        static boolean beforeAllSawTheServer;

        @BeforeAll
        static void setUp(TbMock tb) {
            beforeAllSawTheServer = tb.devices().isEmpty();
        }

        @Test
        void parameters(TbMock tb, TbMockRuntimeInfo info, TbMockServer server) throws Exception {
            assertSame(server.mock(), tb);
            assertSame(tb, info.mock());
            assertEquals("tcp://127.0.0.1:" + server.mqttPort(), info.mqttUri().toString());
            assertEquals("ssl://127.0.0.1:" + server.mqttsPort().getAsInt(), info.mqttsUri().toString());
            tb.createDevice(NewDevice.named("dev-1").credentials(token("T1")));
            try (MqttDevice plain = MqttDevice.connectWithToken(info.mqttPort(), "T1")) {
                assertTrue(plain.isConnected());
            }
            try (MqttDevice tls = MqttDevice.connect(info.mqttsPort(), MqttDevice.options().username("T1")
                .tls(info.sslContext().getSocketFactory()))) {
                assertTrue(tls.isConnected(), "the CA from the runtime info is the one that signed the server");
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(info.adminUrl().resolve("/admin/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(info.caCertificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
        }
    }

    @TbMockTest(adminApi = false, tls = false)
    static class WithoutAdminAndTls {
        @Test
        void turnedOff(TbMockRuntimeInfo info) {
            IllegalStateException admin = assertThrows(IllegalStateException.class, info::adminUrl);
            assertTrue(admin.getMessage().contains("adminApi(true)"), admin.getMessage());
            IllegalStateException tls = assertThrows(IllegalStateException.class, info::mqttsUri);
            assertTrue(tls.getMessage().contains("tls(true)"), tls.getMessage());
        }
    }

    static class InstanceField {
        static final List<TbMockServer> servers = new CopyOnWriteArrayList<>();

        @RegisterExtension
        TbMockExtension tb = TbMockExtension.builder().device("dev-1", token("T1")).tls(false).adminApi(false).build();

        @Test
        void one(TbMockServer server) {
            servers.add(server);
            assertEquals(1, tb.mock().devices().size());
        }

        @Test
        void two(TbMockServer server) {
            servers.add(server);
            assertEquals(1, tb.mock().devices().size());
        }
    }

    static class WithNested {
        static final List<TbMockServer> servers = new CopyOnWriteArrayList<>();

        @RegisterExtension
        static TbMockExtension tb = TbMockExtension.builder().tls(false).build();

        @Test
        void outer(TbMockServer server) {
            servers.add(server);
        }

        @Nested
        class Inner {
            @Test
            void inner(TbMockServer server) {
                servers.add(server);
            }
        }
    }

    /** Each class's test waits for the other's: they pass only if they run at the same time. */
    abstract static class Parallel {
        static final CyclicBarrier barrier = new CyclicBarrier(2);

        static void meetTheOtherClassAndSeeOnly(TbMock tb, String device) throws Exception {
            tb.createDevice(NewDevice.named(device).credentials(token(device + "-token")));
            barrier.await(10, TimeUnit.SECONDS);
            assertEquals(List.of(device), tb.devices().stream().map(d -> d.name()).toList());
        }
    }

    @TbMockTest(tls = false)
    static class ParallelA extends Parallel {
        @Test
        void a(TbMock tb) throws Exception {
            meetTheOtherClassAndSeeOnly(tb, "a");
        }
    }

    @TbMockTest(tls = false)
    static class ParallelB extends Parallel {
        @Test
        void b(TbMock tb) throws Exception {
            meetTheOtherClassAndSeeOnly(tb, "b");
        }
    }

    /**
     * A base class whose static extension both subclasses would use at once. The class that gets the server
     * holds it until the other has ended (refused); run one after the other, its test would fail instead.
     */
    @ExtendWith(SharedField.SignalTheEnd.class)
    abstract static class SharedField {
        static volatile CountDownLatch aClassEnded = new CountDownLatch(1);

        @RegisterExtension
        static TbMockExtension shared = TbMockExtension.builder().tls(false).adminApi(false).build();

        @Test
        void holdTheServerUntilTheOtherClassEnded() throws Exception {
            assertTrue(aClassEnded.await(10, TimeUnit.SECONDS), "the other class ran at the same time");
        }

        static final class SignalTheEnd implements AfterAllCallback {
            @Override
            public void afterAll(ExtensionContext context) {
                aClassEnded.countDown();
            }
        }
    }

    static class SharedFieldA extends SharedField {
    }

    static class SharedFieldB extends SharedField {
    }
}
