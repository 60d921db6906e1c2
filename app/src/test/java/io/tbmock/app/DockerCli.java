package io.tbmock.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The docker and docker-compose command-line tools, as a user types them, for the tests of the Dockerfile and
 * docker-compose.yml.
 */
final class DockerCli {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** A first build fetches the build stage's Maven dependencies. */
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    private DockerCli() {
    }

    record Result(String command, int exitCode, String stdout, String stderr) {
        Result succeeded() {
            if (exitCode != 0) {
                throw new AssertionError(command + " exited with " + exitCode + "\nstdout: " + stdout + "\nstderr: "
                    + stderr);
            }
            return this;
        }
    }

    /** The checkout holding the Dockerfile and docker-compose.yml. */
    static Path repository() {
        return Path.of(System.getProperty("tbmock.repository", "..")).toAbsolutePath().normalize();
    }

    /** Why {@code tool} or the engine cannot be used here, or empty if they answer. */
    static Optional<String> problemWith(String tool) {
        Result info;
        try {
            info = run(COMMAND_TIMEOUT, Map.of(), "docker", "info", "--format", "{{.ServerVersion}}");
        } catch (IOException noCli) {
            return Optional.of("no docker command (" + noCli.getMessage() + ")");
        }
        if (info.exitCode() != 0) {
            return Optional.of("no Docker engine answers `docker info`: " + info.stderr().strip());
        }
        if (!tool.equals("docker")) {
            try {
                run(COMMAND_TIMEOUT, Map.of(), tool, "version").succeeded();
            } catch (IOException | AssertionError notThere) {
                return Optional.of("no working " + tool + " command (" + notThere.getMessage().strip() + ")");
            }
        }
        return Optional.empty();
    }

    /** Runs a command in the repository's directory and waits for it; fails if it outlives the timeout. */
    static Result run(Duration timeout, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository().toFile());
        builder.environment().putAll(env);
        // Files, not pipes: a long build's output could fill a pipe that nobody reads yet.
        Path stdout = Files.createTempFile("tbmock-docker", ".out");
        Path stderr = Files.createTempFile("tbmock-docker", ".err");
        try {
            Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " still running after " + timeout
                        + "\nstdout: " + Files.readString(stdout) + "\nstderr: " + Files.readString(stderr));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return new Result(String.join(" ", command), process.exitValue(), Files.readString(stdout),
                Files.readString(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    static Result docker(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(COMMAND_TIMEOUT, Map.of(), command.toArray(String[]::new));
    }

    /**
     * Waits for the first line of {@code docker events} about a container that {@code wanted} accepts, events
     * since the container's start included, so that one before the wait began is not missed.
     */
    static String awaitEvent(String container, Predicate<String> wanted, Duration timeout, String... eventTypes)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "events", "--since",
            docker("inspect", "-f", "{{.Created}}", container).succeeded().stdout().strip(),
            "--filter", "container=" + container, "--format", "{{.Status}}"));
        for (String type : eventTypes) {
            command.addAll(List.of("--filter", "event=" + type));
        }
        Process events = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> seen = new ArrayList<>();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (wanted.test(line)) {
                        return line;
                    }
                    seen.add(line);
                }
                throw new IllegalStateException("docker events ended; it printed " + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException none) {
            throw new AssertionError("no such event for " + container + " within " + timeout + "; its logs:\n"
                + logs(container));
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage() + "; logs:\n" + logs(container), e.getCause());
        } finally {
            events.destroy();
        }
    }

    static String logs(String container) throws IOException {
        Result logs = docker("logs", container);
        return logs.stdout() + logs.stderr();
    }
}
