package io.tbmock.bench.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One MQTT server under test, in a process of its own started as a new user would start it, with its CPU time
 * read from {@code /proc/<pid>/stat}.
 */
final class ServerProcess implements AutoCloseable {
    /** The servers compared. */
    enum Kind {
        MOSQUITTO, MOQUETTE, TBMOCK;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    final Kind kind;
    final int mqttPort;
    /** tbmock's MQTTS port. */
    final int mqttsPort;
    final int httpPort;
    private final Process process;

    private ServerProcess(Kind kind, int mqttPort, int mqttsPort, int httpPort, Process process) {
        this.kind = kind;
        this.mqttPort = mqttPort;
        this.mqttsPort = mqttsPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    /**
     * Starts {@code kind} and returns once it accepts connections. tbmock gets devices with tokens
     * {@code L0} … {@code L<devices-1>} from a config file, TLS on a free port (its default is on) and its
     * console log in {@code workDir}, as a terminal or {@code docker logs} would take it. The JVM servers get
     * {@code jvmOptions} (none by default; a JFR recording, say).
     */
    static ServerProcess start(Kind kind, Path workDir, Path tbmockJar, Path benchJar, int devices,
                               List<String> jvmOptions) throws IOException, InterruptedException {
        return start(kind, workDir, tbmockJar, benchJar, devices, jvmOptions, List.of());
    }

    /** {@link #start}, with more tbmock arguments. */
    static ServerProcess start(Kind kind, Path workDir, Path tbmockJar, Path benchJar, int devices,
                               List<String> jvmOptions, List<String> tbmockArguments)
        throws IOException, InterruptedException {
        int[] ports = freePorts(3);
        int mqttPort = ports[0];
        int mqttsPort = ports[1];
        int httpPort = ports[2];
        List<String> command = new ArrayList<>();
        switch (kind) {
            case MOSQUITTO -> {
                Path config = workDir.resolve("mosquitto.conf");
                Files.writeString(config, "listener " + mqttPort + " 127.0.0.1\nallow_anonymous true\n");
                command.addAll(List.of("mosquitto", "-c", config.toString()));
            }
            case MOQUETTE -> {
                command.add(java());
                command.addAll(jvmOptions);
                command.addAll(List.of("-cp", benchJar.toString(), BareMoquette.class.getName(),
                    String.valueOf(mqttPort)));
            }
            case TBMOCK -> {
                Path config = workDir.resolve("tbmock.yml");
                StringBuilder yaml = new StringBuilder("devices:\n");
                for (int i = 0; i < devices; i++) {
                    yaml.append("  - {name: load-").append(i).append(", credentials: {token: L").append(i).append("}}\n");
                }
                Files.writeString(config, yaml);
                command.add(java());
                command.addAll(jvmOptions);
                command.addAll(List.of("-jar", tbmockJar.toString(), "--bind", "127.0.0.1",
                    "--mqtt-port", String.valueOf(mqttPort), "--mqtts-port", String.valueOf(mqttsPort),
                    "--http-port", String.valueOf(httpPort),
                    "--config", config.toString()));
                command.addAll(tbmockArguments);
            }
        }
        Path log = workDir.resolve(kind.label() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(kind, mqttPort, mqttsPort, httpPort, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // tbmock's admin API opens once its starting state is made: then it is started, as a CI step sees it.
        int readyPort = kind == Kind.TBMOCK ? httpPort : mqttPort;
        while (!accepts(readyPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException(kind.label() + " did not start; see " + log);
            }
            Thread.sleep(5);
        }
        return server;
    }

    long pid() {
        return process.pid();
    }

    /** User plus system CPU time the server process has used, in microseconds. */
    long cpuMicros() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14, 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1_000_000 / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * CPU time per thread name (digits folded, so a pool's threads add up), user and system apart, in
     * microseconds: where a server's time goes, for a profile that a sampling profiler cannot give (system
     * calls, the JVM's own threads).
     */
    Map<String, long[]> cpuMicrosByThread() throws IOException {
        Map<String, long[]> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException threadEnded) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long[] times = byName.computeIfAbsent(name, n -> new long[2]);
                times[0] += Long.parseLong(fields[11]) * 1_000_000 / CLOCK_TICKS_PER_SECOND;
                times[1] += Long.parseLong(fields[12]) * 1_000_000 / CLOCK_TICKS_PER_SECOND;
            }
        }
        return byName;
    }

    /**
     * Heap in use after a full collection, in bytes, read with {@code jcmd} (a JVM server only): what the live
     * objects take, garbage aside.
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        for (String line : jcmd("GC.heap_info").split("\n")) {
            Matcher used = HEAP_USED.matcher(line);
            if (used.find()) {
                return Long.parseLong(used.group(1)) * 1024;
            }
        }
        throw new IOException("jcmd GC.heap_info gave no heap figure");
    }

    /** Live objects by class (after a full collection): class name to {instances, bytes}. */
    Map<String, long[]> liveObjectsByClass() throws IOException, InterruptedException {
        Map<String, long[]> byClass = new TreeMap<>();
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[0].endsWith(":")) {
                byClass.put(columns[3], new long[] {Long.parseLong(columns[1]), Long.parseLong(columns[2])});
            }
        }
        return byClass;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(process.pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return output;
    }

    /** Resident memory of the server process, in bytes. */
    long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Ports free now, all different: each is held until all are picked (picked one after the other, the same port
     * could come back twice, and the server then failed to bind its second listener).
     */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] held = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                held[i] = new ServerSocket(0);
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(getconf.getInputStream().readAllBytes()).trim());
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }
}
