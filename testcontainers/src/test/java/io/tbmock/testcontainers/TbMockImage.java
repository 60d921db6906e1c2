package io.tbmock.testcontainers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The image these tests run: the checkout's Dockerfile, built once per test JVM as {@code tbmock:test} (the
 * layers are Docker's cache after the first build). As a condition, it skips a test class, saying why, where
 * Testcontainers finds no Docker engine.
 */
final class TbMockImage implements ExecutionCondition {
    static final String NAME = "tbmock:test";
    private static boolean built;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("Testcontainers finds a Docker engine");
        }
        String reason = context.getDisplayName() + " skipped: Testcontainers finds no Docker engine";
        System.err.println(reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    static synchronized String build() throws IOException, InterruptedException {
        if (!built) {
            Path repository = Path.of(System.getProperty("tbmock.repository", "..")).toAbsolutePath().normalize();
            Path log = Files.createTempFile("tbmock-image", ".log");
            try {
                Process build = new ProcessBuilder("docker", "build", "-t", NAME, ".").directory(repository.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
                    build.destroyForcibly();
                    throw new AssertionError("docker build of " + repository + " failed:\n" + Files.readString(log));
                }
            } finally {
                Files.deleteIfExists(log);
            }
            built = true;
        }
        return NAME;
    }
}
