package io.tbmock.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What the server logs while it is open: slf4j-simple writes to {@code System.err} as it is at each line, so
 * this tees it (the output still reaches the test report). Tests run one at a time in a JVM.
 */
public final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public List<String> lines() {
        synchronized (captured) {
            return Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\n"));
        }
    }

    /** Lines at WARN or ERROR, and lines of stack traces (at any level). */
    public List<String> warningsAndStackTraces() {
        return lines().stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")
            || line.startsWith("\tat ") || line.startsWith("Caused by:")).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
