package io.tbmock.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the server logs while it is open: slf4j-simple writes to {@code System.err} as it is at each line, so
 * this tees it (the output still reaches the test report). Tests run one at a time in a JVM.
 */
public final class LogCapture implements AutoCloseable {
    /** {@code 16:41:09.692 [thread] WARN logger - message}, as simplelogger.properties has it. */
    private static final Pattern SERVER_WARNING =
        Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[[^]]*] (WARN|ERROR) ");

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

    /**
     * The server's log lines at WARN or ERROR (slf4j-simple's format), each with the stack trace that follows it.
     * What test clients print (Paho logs through java.util.logging) is not the server's and is left out.
     */
    public List<String> warningsAndStackTraces() {
        List<String> found = new ArrayList<>();
        boolean inTrace = false;
        for (String line : lines()) {
            if (SERVER_WARNING.matcher(line).find()) {
                found.add(line);
                inTrace = true;
            } else if (inTrace
                && (line.startsWith("\t") || line.startsWith("Caused by:") || line.contains("Exception"))) {
                found.add(line);
            } else {
                inTrace = false;
            }
        }
        return found;
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
