package io.tbmock.bench;

import io.tbmock.junit5.TbMockExtension;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What the JUnit extension costs a test suite, run on the JUnit Platform as surefire runs it: a class with
 * the extension in a static field (one device, TLS and admin API on, the defaults) and 50 empty tests.
 * The class's start is from its container starting to its first test starting (the server, admin API and
 * device made); a test's cost is from its start to its end (reset, device made again, nothing else).
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.JUnitExtensionBenchmark [classRuns]</pre>
 */
public final class JUnitExtensionBenchmark {
    private JUnitExtensionBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Launcher launcher = LauncherFactory.create();
        List<Double> classStarts = new ArrayList<>();
        List<Double> tests = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Timings timings = new Timings();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(DeviceTest.class)).build(),
                timings);
            if (timings.failures > 0) {
                throw new IllegalStateException(timings.failures + " tests failed");
            }
            if (run == 0) {
                System.out.printf("first class in the JVM (cold): start %.1f ms, tests median %.2f ms%n",
                    timings.classStart, median(timings.tests));
            } else {
                classStarts.add(timings.classStart);
                tests.addAll(timings.tests);
            }
        }
        System.out.printf("warm, %d class runs x %d tests: class start median %.1f ms (min %.1f, max %.1f); "
                + "per test median %.2f ms (p90 %.2f)%n", runs - 1, DeviceTest.TESTS, median(classStarts),
            Collections.min(classStarts), Collections.max(classStarts), median(tests), percentile(tests, 0.9));
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
    }

    /** Start and end times of the class and of each test, from the Platform's own events. */
    private static final class Timings implements TestExecutionListener {
        private long classStarted;
        private long testStarted;
        private double classStart = -1;
        private final List<Double> tests = new ArrayList<>();
        private int failures;

        @Override
        public void executionStarted(TestIdentifier id) {
            long now = System.nanoTime();
            if (id.getSource().orElse(null) instanceof ClassSource) {
                classStarted = now;
            } else if (id.isTest()) {
                if (classStart < 0) {
                    classStart = (now - classStarted) / 1e6;
                }
                testStarted = now;
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                tests.add((System.nanoTime() - testStarted) / 1e6);
            }
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failures++;
            }
        }
    }

    /** The measured class: what a user's device test class looks like, minus the device. */
    public static class DeviceTest {
        static final int TESTS = 50;

        @RegisterExtension
        static TbMockExtension tb = TbMockExtension.builder().device("dev-1", token("T1")).build();

        @RepeatedTest(TESTS)
        void test() {
            // empty: only the extension's own cost is measured
        }
    }
}
