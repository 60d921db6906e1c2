package io.tbmock.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code java -jar app/target/tbmock.jar …} in its own JVM, with its output read line by line. */
final class LaunchedJar implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final List<String> err = new ArrayList<>();

    private LaunchedJar(Process process) {
        this.process = process;
        pump(process.getInputStream(), out::add);
        pump(process.getErrorStream(), line -> {
            synchronized (err) {
                err.add(line);
            }
        });
    }

    static LaunchedJar launch(Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("tbmock.jar", "target/tbmock.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests with mvn verify");
        }
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return new LaunchedJar(builder.start());
    }

    /** The next line on standard output. */
    String nextLine() throws InterruptedException {
        String line = out.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output within " + TIMEOUT + "; stderr: " + stderr());
        }
        return line;
    }

    /** Waits for the process to end and returns its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + TIMEOUT + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** Asks the process to stop, as Ctrl-C or docker stop would. */
    int stop() throws InterruptedException {
        process.destroy();
        return exitCode();
    }

    String stderr() {
        synchronized (err) {
            return String.join("\n", err);
        }
    }

    String stdoutSoFar() {
        return String.join("\n", out);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private interface LineSink {
        void accept(String line);
    }

    private static void pump(InputStream stream, LineSink sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }
}
