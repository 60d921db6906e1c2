package io.tbmock.app;

import io.tbmock.admin.AdminServer;
import io.tbmock.admin.ConfigException;
import io.tbmock.admin.ConfigFile;
import io.tbmock.server.TbMockException;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code java -jar tbmock.jar [options]}: parses flags (each also an environment variable) into the
 * {@link TbMockOptions} the server takes in-process, starts the server and its admin API, prints one line
 * saying what listens where, and runs until stopped.
 */
@Command(name = "tbmock", mixinStandardHelpOptions = true, versionProvider = TbMockCommand.Version.class,
    sortOptions = false, usageHelpAutoWidth = true, subcommands = CertsCommand.class,
    description = "A mock ThingsBoard MQTT server for device testing.%n"
        + "Every option can also be set by the environment variable shown in its description.")
public final class TbMockCommand implements Callable<Integer> {
    static final int EXIT_CANNOT_START = 1;
    static final int EXIT_USAGE = 2;
    private static final String CONFIG = "--config";
    private static final String HELP_POINTER = "Run 'java -jar tbmock.jar --help' for the options.";

    @Option(names = CONFIG, paramLabel = "FILE",
        description = "A YAML or JSON file of devices, provision profiles, OTA packages, client-RPC stubs and "
            + "server options: the state the server starts in and every reset returns to (TBMOCK_CONFIG; "
            + "docs/config-file.md).")
    Path config;

    @Option(names = "--mqtt-port", paramLabel = "PORT",
        description = "Plain MQTT port; 0 picks a free one, -1 turns plain MQTT off so devices connect over TLS "
            + "only (TBMOCK_MQTT_PORT, default ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--mqtts-port", paramLabel = "PORT",
        description = "MQTT over TLS port; 0 picks a free one, -1 turns TLS off (TBMOCK_MQTTS_PORT, default "
            + "${DEFAULT-VALUE}).")
    int mqttsPort;

    @Option(names = "--http-port", paramLabel = "PORT",
        description = "Admin REST API port; 0 picks a free one (TBMOCK_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS",
        description = "Address every port listens on; 127.0.0.1 keeps the server to this machine "
            + "(TBMOCK_BIND, default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
        description = "Require Authorization: Bearer TOKEN on every admin API call but GET /admin/health, "
            + "else 401 (TBMOCK_ADMIN_TOKEN; default none: the API is open).")
    String adminToken;

    @Option(names = "--tb-username", paramLabel = "EMAIL",
        description = "The tenant administrator who logs in to ThingsBoard's REST API at /api/auth/login "
            + "(TBMOCK_TB_USERNAME, default ${DEFAULT-VALUE}).")
    String tbUsername;

    @Option(names = "--tb-password", paramLabel = "PASSWORD",
        description = "That user's password (TBMOCK_TB_PASSWORD, default ${DEFAULT-VALUE}).")
    String tbPassword;

    @Option(names = "--admin-https",
        description = "Serve the HTTP port (the admin API, ThingsBoard's REST API and its HTTP device API) over "
            + "HTTPS with the server certificate the MQTTS port presents (TBMOCK_ADMIN_HTTPS=true).")
    boolean adminHttps;

    @Option(names = "--tls-cert", paramLabel = "PEM_FILE",
        description = "Server certificate chain to present on the MQTTS port, instead of one minted from the CA "
            + "(TBMOCK_TLS_CERT). Needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM_FILE",
        description = "Private key of --tls-cert: PKCS#8, PKCS#1 or SEC1 PEM (TBMOCK_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--tls-san", paramLabel = "NAME", split = ",",
        description = "Extra DNS name or IP address for the minted server certificate, which always has "
            + "localhost, 127.0.0.1, ::1 and the host name; repeat or separate by commas (TBMOCK_TLS_SAN).")
    List<String> tlsSans = new ArrayList<>();

    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "Keep the CA here (ca.pem, ca.key; what `tbmock certs` writes), so devices keep trusting "
            + "the server across restarts (TBMOCK_STATE_DIR).")
    Path stateDir;

    @Option(names = "--max-packet-size", paramLabel = "BYTES",
        description = "Largest MQTT packet (remaining length) accepted, as ThingsBoard's max_payload_size "
            + "(TBMOCK_MAX_PACKET_SIZE, default ${DEFAULT-VALUE}).")
    int maxPacketSize;

    @Option(names = "--inactivity-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Close a session that sends nothing for this long, as ThingsBoard does "
            + "(TBMOCK_INACTIVITY_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration inactivityTimeout;

    @Option(names = "--device-inactivity-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "A device silent this long is no longer active: its active server attribute turns false, as "
            + "ThingsBoard's state.defaultInactivityTimeoutInSec does; a device's own inactivityTimeout server "
            + "attribute (ms) overrides it (TBMOCK_DEVICE_INACTIVITY_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration deviceInactivityTimeout;

    @Option(names = "--client-rpc-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "A client-side RPC without a stub is answered {\"error\":\"timeout\"} after this, as "
            + "ThingsBoard's default rule chain never answers (TBMOCK_CLIENT_RPC_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration clientRpcTimeout;

    @Option(names = "--http-request-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "How long an HTTP device's long poll without a timeout waits, and its attribute request and "
            + "client RPC are held, before a 408, as ThingsBoard's transport.http.request_timeout; at most 5m "
            + "(TBMOCK_HTTP_REQUEST_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration httpRequestTimeout;

    @Option(names = "--provision-close-delay", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "A provision session is closed this long after its answer, as ThingsBoard does "
            + "(TBMOCK_PROVISION_CLOSE_DELAY, default ${DEFAULT-VALUE}).")
    Duration provisionCloseDelay;

    @Option(names = "--max-values-per-key", paramLabel = "COUNT",
        description = "Telemetry values kept per device and key; older ones are dropped "
            + "(TBMOCK_MAX_VALUES_PER_KEY, default ${DEFAULT-VALUE}).")
    int maxValuesPerKey;

    @Option(names = "--journal-capacity", paramLabel = "COUNT",
        description = "Events kept in the journal; older ones are dropped (TBMOCK_JOURNAL_CAPACITY, "
            + "default ${DEFAULT-VALUE}).")
    int journalCapacity;

    @Option(names = "--quiet",
        description = "Print the start line only, no line per event (TBMOCK_QUIET=true).")
    boolean quiet;

    @Option(names = "--log-format", paramLabel = "FORMAT",
        description = "The console's lines: text, or json for one JSON object a line (TBMOCK_LOG_FORMAT, default "
            + "${DEFAULT-VALUE}).")
    EventLog.Format logFormat;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final OptionDefaults defaults;
    private final ConfigFile configFile;

    private TbMockCommand(OptionDefaults defaults, ConfigFile configFile) {
        this.defaults = defaults;
        this.configFile = configFile;
    }

    /**
     * Runs the launcher as {@code java -jar} does: the config file ({@code --config}, else
     * {@code TBMOCK_CONFIG}) is read first, since its {@code server} section gives options their values.
     *
     * @return the exit code
     */
    static int execute(Function<String, String> environment, String... args) {
        CommandLine commandLine;
        try {
            commandLine = commandLine(environment, configFile(environment, args));
        } catch (ConfigException e) {
            System.err.println("tbmock: " + e.getMessage());
            System.err.println(HELP_POINTER);
            return EXIT_USAGE;
        }
        return commandLine.execute(args);
    }

    /** The file {@code --config FILE}, {@code --config=FILE} or {@code TBMOCK_CONFIG} names, read; or null. */
    private static ConfigFile configFile(Function<String, String> environment, String... args) {
        String path = environment.apply(OptionDefaults.variable(CONFIG));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG) && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith(CONFIG + "=")) {
                path = args[i].substring(CONFIG.length() + 1);
            }
        }
        return path == null ? null : ConfigFile.load(Path.of(path));
    }

    /**
     * The command line: options not given come from their environment variables, else the config file's
     * {@code server} section, else the server's own defaults; a bad value is reported with where it came from.
     *
     * @param config the config file, or null
     */
    static CommandLine commandLine(Function<String, String> environment, ConfigFile config) {
        OptionDefaults defaults = new OptionDefaults(environment, config);
        TbMockCommand command = new TbMockCommand(defaults, config);
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(defaults);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((failure, args) -> command.reportUsageError(command.namingTheSource(failure)));
        if (config != null) {
            config.serverOptions().keySet().forEach(option -> {
                CommandLine.Model.OptionSpec known = commandLine.getCommandSpec().findOption("--" + option);
                if (known == null || known.longestName().equals(CONFIG) || known.usageHelp() || known.versionHelp()) {
                    throw new ConfigException(config.whereIs(option) + ": no such server option; the options are "
                        + "the command-line flags (java -jar tbmock.jar --help)");
                }
            });
        }
        return commandLine;
    }

    /**
     * A bad flag, value or combination: one line naming it (and where its value came from), a pointer to
     * {@code --help}, and exit code 2. The whole usage would hide the line, and show the bad value as a default.
     */
    private int reportUsageError(CommandLine.ParameterException failure) {
        PrintWriter err = failure.getCommandLine().getErr();
        err.println("tbmock: " + failure.getMessage());
        err.println(HELP_POINTER);
        err.flush();
        return EXIT_USAGE;
    }

    /** A bad value that came from an environment variable or the config file is reported with its source. */
    private CommandLine.ParameterException namingTheSource(CommandLine.ParameterException failure) {
        if (!(failure.getArgSpec() instanceof CommandLine.Model.OptionSpec option)) {
            return failure;
        }
        String source = defaults.source(option.longestName());
        if (source == null) {
            return failure;
        }
        return new CommandLine.ParameterException(failure.getCommandLine(),
            failure.getMessage().replace("option '" + option.longestName() + "'",
                "option '" + option.longestName() + "' (" + source + ")"),
            failure, option, failure.getValue());
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        TbMockOptions options = options();
        AdminServer.Options adminOptions = adminOptions();
        TbMockServer server;
        AdminServer admin;
        try {
            server = TbMockServer.start(options);
        } catch (ConfigException e) {
            err.println("tbmock: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        } catch (TbMockException e) {
            err.println("tbmock: " + e.getMessage());
            err.flush();
            return EXIT_CANNOT_START;
        }
        try {
            admin = AdminServer.start(server, adminOptions);
        } catch (TbMockException e) {
            server.stop();
            err.println("tbmock: " + e.getMessage());
            err.flush();
            return EXIT_CANNOT_START;
        }
        EventLog log = new EventLog(logFormat, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!quiet) {
                log.message("tbmock stopping: closing " + server.mock().stats().connectedDevices()
                    + " connected devices' sessions");
            }
            admin.close();
            server.stop();
            if (!quiet) {
                log.message("tbmock stopped");
            }
            stopped.countDown();
        }, "tbmock-shutdown"));
        out.flush();
        String host = openableHost(bind);
        String adminBase = (admin.https() ? "https" : "http") + "://" + host + ":" + admin.port();
        log.message(String.format("tbmock %s started in %d ms: %s, %s, admin API on %s/admin%s, web view on %s%s",
            TbMockServer.VERSION, (System.nanoTime() - started) / 1_000_000,
            server.mqttPort() == TbMockOptions.DISABLED ? "MQTT off" : "MQTT on " + host + ":" + server.mqttPort(),
            server.mqttsPort().isPresent() ? "MQTTS on " + host + ":" + server.mqttsPort().getAsInt() : "MQTTS off",
            adminBase, adminToken == null ? "" : " (token required)", adminBase, AdminServer.WEB_VIEW_PATH));
        if (!quiet) {
            server.mock().addEventListener(log);
        }
        stopped.await();
        return 0;
    }

    /**
     * The flags as the options the server takes in-process; a value the server refuses, a missing file or a
     * bad combination is a usage error naming the flag (and its environment variable, if it came from one).
     */
    private TbMockOptions options() {
        checkBindAddress();
        TbMockOptions.Builder options = TbMockOptions.builder();
        set("--mqtt-port", () -> options.mqttPort(mqttPort));
        set("--mqtts-port", () -> options.mqttsPort(mqttsPort));
        set("--bind", () -> options.bindAddress(bind));
        set("--max-packet-size", () -> options.maxPacketSize(maxPacketSize));
        set("--inactivity-timeout", () -> options.inactivityTimeout(inactivityTimeout));
        set("--device-inactivity-timeout", () -> options.deviceInactivityTimeout(deviceInactivityTimeout));
        set("--client-rpc-timeout", () -> options.clientRpcTimeout(clientRpcTimeout));
        set("--http-request-timeout", () -> options.httpRequestTimeout(httpRequestTimeout));
        set("--provision-close-delay", () -> options.provisionCloseDelay(provisionCloseDelay));
        set("--max-values-per-key", () -> options.maxValuesPerKey(maxValuesPerKey));
        set("--journal-capacity", () -> options.journalCapacity(journalCapacity));
        options.tlsSubjectAltNames(tlsSans.stream().filter(san -> !san.isBlank()).toList());
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--tls-cert and --tls-key go together: give both or neither");
        }
        if (tlsCert != null) {
            requireFile("--tls-cert", tlsCert);
            requireFile("--tls-key", tlsKey);
            options.tlsCertificate(tlsCert, tlsKey);
        }
        if (stateDir != null) {
            options.stateDirectory(stateDir);
        }
        if (configFile != null) {
            options.setup(configFile.setup());
        }
        try {
            return options.build();
        } catch (IllegalArgumentException refused) {
            throw usageError("--mqtt-port", refused.getMessage() + " (--mqtts-port is " + mqttsPort + ")");
        }
    }

    private AdminServer.Options adminOptions() {
        AdminServer.Options options = AdminServer.options().bindAddress(bind).https(adminHttps);
        set("--http-port", () -> options.port(httpPort));
        set("--admin-token", () -> options.token(adminToken));
        set("--tb-username", () -> options.tenantLogin(tbUsername, tbPassword));
        return options;
    }

    /**
     * The bind address as one to open from this machine: every address ({@code 0.0.0.0}, {@code ::}) is reached at
     * localhost; an IPv6 address goes in brackets, as a URL has it.
     */
    static String openableHost(String bind) {
        try {
            if (InetAddress.getByName(bind).isAnyLocalAddress()) {
                return "localhost";
            }
        } catch (UnknownHostException checkedBefore) {
            return bind;
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    /** An address that is not this machine's, or a name that does not resolve, is a usage error before any bind. */
    private void checkBindAddress() {
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw usageError("--bind", bind + " is not an address of this machine");
            }
        } catch (UnknownHostException e) {
            throw usageError("--bind", bind + ": no such host (the name cannot be resolved)");
        } catch (SocketException e) {
            throw usageError("--bind", bind + ": " + e.getMessage());
        }
    }

    private void set(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException refused) {
            throw usageError(option, refused.getMessage());
        }
    }

    private void requireFile(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            throw usageError(option, file + ": no such file");
        }
    }

    private CommandLine.ParameterException usageError(String option, String problem) {
        String source = defaults.source(option);
        return new CommandLine.ParameterException(spec.commandLine(),
            option + (source == null ? "" : " (" + source + ")") + ": " + problem);
    }

    /** The version picocli prints for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tbmock " + TbMockServer.VERSION};
        }
    }
}
