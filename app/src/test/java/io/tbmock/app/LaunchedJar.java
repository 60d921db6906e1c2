package io.tbmock.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar app/target/tbmock.jar …} in its own JVM, with its output read line by line. The output goes
 * to files, not pipes: on exit the JDK closes a process's pipes under their readers, and the lines printed
 * last (those of a SIGTERM) could be lost.
 */
final class LaunchedJar implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /**
     * The line the jar starts with, bound to 127.0.0.1: groups 1 MQTT, 2 MQTTS (null when off), 3 the admin API's
     * scheme, 4 its port, 5 " (token required)" or null.
     */
    static final Pattern START_LINE = Pattern.compile("tbmock \\S+ started in \\d+ ms: "
        + "(?:MQTT on 127\\.0\\.0\\.1:(\\d+)|MQTT off), (?:MQTTS on 127\\.0\\.0\\.1:(\\d+)|MQTTS off), "
        + "admin API on (https?)://127\\.0\\.0\\.1:(\\d+)/admin( \\(token required\\))?, "
        + "web view on \\3://127\\.0\\.0\\.1:\\4/admin/ui/");

    private final Process process;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final List<String> err = new ArrayList<>();

    private final List<Thread> followers = new ArrayList<>();

    private LaunchedJar(Process process, Path stdout, Path stderr) {
        this.process = process;
        followers.add(follow(process, stdout, out::add));
        followers.add(follow(process, stderr, line -> {
            synchronized (err) {
                err.add(line);
            }
        }));
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
        Path stdout = Files.createTempFile("tbmock-jar", ".out");
        Path stderr = Files.createTempFile("tbmock-jar", ".err");
        stdout.toFile().deleteOnExit();
        stderr.toFile().deleteOnExit();
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        return new LaunchedJar(builder.start(), stdout, stderr);
    }

    /** Reads the start line; fails if the next line is not one. */
    Matcher startLine() throws InterruptedException {
        String line = nextLine();
        Matcher matcher = START_LINE.matcher(line);
        if (!matcher.matches()) {
            throw new AssertionError("not the start line: " + line + "; stderr: " + stderr());
        }
        return matcher;
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
        for (Thread follower : followers) {
            follower.join(TIMEOUT.toMillis()); // all it printed is read
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

    /** Until the process exits, or briefly: a file has no way to say more was written. */
    private static void waitForOutputOrExit(Process process) {
        try {
            process.onExit().get(20, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
            // look at the file again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the file's lines as the process writes them, to the end of what it wrote before it exited. */
    private static Thread follow(Process process, Path file, LineSink sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                StringBuilder partial = new StringBuilder();
                while (true) {
                    int c = reader.read();
                    if (c < 0) {
                        if (!process.isAlive() && !reader.ready()) {
                            if (partial.length() > 0) {
                                sink.accept(partial.toString());
                            }
                            return;
                        }
                        waitForOutputOrExit(process);
                    } else if (c == '\n') {
                        sink.accept(partial.toString());
                        partial.setLength(0);
                    } else {
                        partial.append((char) c);
                    }
                }
            } catch (IOException ignored) {
                // the file is gone: nothing more to read
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
