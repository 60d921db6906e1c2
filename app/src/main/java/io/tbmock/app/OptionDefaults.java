package io.tbmock.app;

import io.tbmock.admin.AdminServer;
import io.tbmock.admin.ConfigFile;
import io.tbmock.server.TbMockOptions;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where an option not given on the command line takes its value from: its environment variable
 * ({@code --mqtt-port} → {@code TBMOCK_MQTT_PORT}), else the config file's {@code server} section, else the
 * same default the server has in-process ({@link TbMockOptions}), so the two can never disagree. Remembers
 * where each value came from, so an error about one names its variable or its line in the file.
 */
final class OptionDefaults implements CommandLine.IDefaultValueProvider {
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
        Map.entry("--mqtt-port", String.valueOf(TbMockOptions.DEFAULT_MQTT_PORT)),
        Map.entry("--mqtts-port", String.valueOf(TbMockOptions.DEFAULT_MQTTS_PORT)),
        Map.entry("--http-port", String.valueOf(AdminServer.DEFAULT_HTTP_PORT)),
        Map.entry("--bind", TbMockOptions.DEFAULT_BIND_ADDRESS),
        Map.entry("--tb-username", AdminServer.DEFAULT_TENANT_USERNAME),
        Map.entry("--tb-password", AdminServer.DEFAULT_TENANT_PASSWORD),
        Map.entry("--max-packet-size", String.valueOf(TbMockOptions.DEFAULT_MAX_PACKET_SIZE)),
        Map.entry("--inactivity-timeout", text(TbMockOptions.DEFAULT_INACTIVITY_TIMEOUT)),
        Map.entry("--device-inactivity-timeout", text(TbMockOptions.DEFAULT_DEVICE_INACTIVITY_TIMEOUT)),
        Map.entry("--client-rpc-timeout", text(TbMockOptions.DEFAULT_CLIENT_RPC_TIMEOUT)),
        Map.entry("--http-request-timeout", text(TbMockOptions.DEFAULT_HTTP_REQUEST_TIMEOUT)),
        Map.entry("--provision-close-delay", text(TbMockOptions.DEFAULT_PROVISION_CLOSE_DELAY)),
        Map.entry("--max-values-per-key", String.valueOf(TbMockOptions.DEFAULT_MAX_VALUES_PER_KEY)),
        Map.entry("--journal-capacity", String.valueOf(TbMockOptions.DEFAULT_JOURNAL_CAPACITY)),
        Map.entry("--log-format", "text"));

    private final Function<String, String> environment;
    private final ConfigFile config;
    private final Map<String, String> sources = new HashMap<>();

    /** @param config the config file, or null */
    OptionDefaults(Function<String, String> environment, ConfigFile config) {
        this.environment = environment;
        this.config = config;
    }

    /** {@code --mqtt-port} → {@code TBMOCK_MQTT_PORT}. */
    static String variable(String option) {
        return "TBMOCK_" + option.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.command().parent() != null) {
            return null; // the server's options only, not a subcommand's
        }
        String name = option.longestName();
        String value = environment.apply(variable(name));
        if (value != null) {
            sources.put(name, "from the environment: " + variable(name) + "=" + value);
            return value;
        }
        String configured = config == null ? null : config.serverOptions().get(name.substring(2));
        if (configured != null) {
            sources.put(name, "from " + config.whereIs(name.substring(2)));
            return configured;
        }
        return DEFAULTS.get(name);
    }

    /**
     * Where the option's value came from when not the command line: {@code from the environment:
     * TBMOCK_MQTT_PORT=abc} or {@code from tbmock.yml:3 (server.mqtt-port)}; null for the command line or a
     * default.
     */
    String source(String option) {
        return sources.get(option);
    }

    /** A duration as the launcher's flags write it: {@code 500ms}, {@code 60s}, {@code 10m}, {@code 2h}. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds <= 60 || seconds % 60 != 0) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        return minutes % 60 != 0 ? minutes + "m" : minutes / 60 + "h";
    }
}
