package io.tbmock.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link TbMockServer} runs. The launcher's flags and the JUnit extension build this same object.
 * {@code TbMockOptions.builder().mqttPort(0).build()} picks a free port.
 */
public final class TbMockOptions {
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_MQTTS_PORT = 8883;
    /** A port value that turns the listener off. */
    public static final int DISABLED = -1;
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    /** ThingsBoard's {@code transport.mqtt.netty.max_payload_size}: the limit on a packet's remaining length. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 65536;
    /** ThingsBoard's {@code transport.sessions.inactivity_timeout}. */
    public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_VALUES_PER_KEY = 10_000;
    public static final int DEFAULT_JOURNAL_CAPACITY = 100_000;
    /** ThingsBoard closes a provision session this long after its response (MqttTransportHandler). */
    public static final Duration DEFAULT_PROVISION_CLOSE_DELAY = Duration.ofSeconds(60);
    /** ThingsBoard's {@code transport.client_side_rpc.timeout}. */
    public static final Duration DEFAULT_CLIENT_RPC_TIMEOUT = Duration.ofSeconds(60);
    /**
     * ThingsBoard's {@code transport.http.request_timeout}: how long an HTTP device's long poll waits when it names
     * no timeout, and how long its attribute request and client RPC are held.
     */
    public static final Duration DEFAULT_HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** ThingsBoard's {@code transport.http.max_request_timeout}: the cap on any HTTP device request. */
    public static final Duration MAX_HTTP_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** ThingsBoard's {@code state.defaultInactivityTimeoutInSec}: a device silent this long is no longer active. */
    public static final Duration DEFAULT_DEVICE_INACTIVITY_TIMEOUT = Duration.ofMinutes(10);

    private final int mqttPort;
    private final int mqttsPort;
    private final Path tlsCertificate;
    private final Path tlsKey;
    private final List<String> tlsSubjectAltNames;
    private final Path stateDirectory;
    private final String bindAddress;
    private final int maxPacketSize;
    private final Duration inactivityTimeout;
    private final int maxValuesPerKey;
    private final int journalCapacity;
    private final Duration clientRpcTimeout;
    private final Duration httpRequestTimeout;
    private final Duration provisionCloseDelay;
    private final Duration deviceInactivityTimeout;
    private final MockSetup setup;

    private TbMockOptions(Builder b) {
        this.mqttPort = b.mqttPort;
        this.mqttsPort = b.mqttsPort;
        this.tlsCertificate = b.tlsCertificate;
        this.tlsKey = b.tlsKey;
        this.tlsSubjectAltNames = List.copyOf(b.tlsSubjectAltNames);
        this.stateDirectory = b.stateDirectory;
        this.bindAddress = b.bindAddress;
        this.maxPacketSize = b.maxPacketSize;
        this.inactivityTimeout = b.inactivityTimeout;
        this.maxValuesPerKey = b.maxValuesPerKey;
        this.setup = b.setup;
        this.journalCapacity = b.journalCapacity;
        this.clientRpcTimeout = b.clientRpcTimeout;
        this.httpRequestTimeout = b.httpRequestTimeout;
        this.provisionCloseDelay = b.provisionCloseDelay;
        this.deviceInactivityTimeout = b.deviceInactivityTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static TbMockOptions defaults() {
        return builder().build();
    }

    /** The plain MQTT port, 0 for a free one, or {@link #DISABLED} (TLS only). */
    public int mqttPort() {
        return mqttPort;
    }

    /** The MQTTS port, 0 for a free one, or {@link #DISABLED}. */
    public int mqttsPort() {
        return mqttsPort;
    }

    /** The server certificate chain (PEM file) to present, or empty to mint one from the CA. */
    public Optional<Path> tlsCertificate() {
        return Optional.ofNullable(tlsCertificate);
    }

    /** The private key (PEM file) of {@link #tlsCertificate()}. */
    public Optional<Path> tlsKey() {
        return Optional.ofNullable(tlsKey);
    }

    /** Names and addresses the minted server certificate carries besides localhost, 127.0.0.1 and the host name. */
    public List<String> tlsSubjectAltNames() {
        return tlsSubjectAltNames;
    }

    /** Where the CA is kept across restarts, or empty to make a new one at every start. */
    public Optional<Path> stateDirectory() {
        return Optional.ofNullable(stateDirectory);
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    public Duration inactivityTimeout() {
        return inactivityTimeout;
    }

    public int maxValuesPerKey() {
        return maxValuesPerKey;
    }

    public int journalCapacity() {
        return journalCapacity;
    }

    public Duration clientRpcTimeout() {
        return clientRpcTimeout;
    }

    /** See {@link #DEFAULT_HTTP_REQUEST_TIMEOUT}. */
    public Duration httpRequestTimeout() {
        return httpRequestTimeout;
    }

    public Duration provisionCloseDelay() {
        return provisionCloseDelay;
    }

    /** How long a device may be silent before its {@code active} server attribute turns false. */
    public Duration deviceInactivityTimeout() {
        return deviceInactivityTimeout;
    }

    /** The state the mock starts in and every reset returns to. */
    public MockSetup setup() {
        return setup;
    }

    public static final class Builder {
        private int mqttPort = DEFAULT_MQTT_PORT;
        private int mqttsPort = DEFAULT_MQTTS_PORT;
        private Path tlsCertificate;
        private Path tlsKey;
        private List<String> tlsSubjectAltNames = List.of();
        private Path stateDirectory;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int maxPacketSize = DEFAULT_MAX_PACKET_SIZE;
        private Duration inactivityTimeout = DEFAULT_INACTIVITY_TIMEOUT;
        private int maxValuesPerKey = DEFAULT_MAX_VALUES_PER_KEY;
        private int journalCapacity = DEFAULT_JOURNAL_CAPACITY;
        private Duration clientRpcTimeout = DEFAULT_CLIENT_RPC_TIMEOUT;
        private Duration httpRequestTimeout = DEFAULT_HTTP_REQUEST_TIMEOUT;
        private Duration provisionCloseDelay = DEFAULT_PROVISION_CLOSE_DELAY;
        private Duration deviceInactivityTimeout = DEFAULT_DEVICE_INACTIVITY_TIMEOUT;
        private MockSetup setup = MockSetup.NONE;

        private Builder() {
        }

        /**
         * The state the mock starts in and every {@link TbMock#reset()} returns to; a start whose setup fails
         * stops the server and throws its reason.
         */
        public Builder setup(MockSetup setup) {
            this.setup = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /**
         * The plain MQTT port; 0 picks a free one ({@link TbMockServer#mqttPort()} tells which), {@link #DISABLED}
         * turns plain MQTT off, so devices reach the server over TLS only.
         */
        public Builder mqttPort(int port) {
            this.mqttPort = port == DISABLED ? DISABLED : checkPort("mqttPort", port);
            return this;
        }

        /** The MQTTS port; 0 picks a free one, {@link #DISABLED} turns TLS off. */
        public Builder mqttsPort(int port) {
            this.mqttsPort = port == DISABLED ? DISABLED : checkPort("mqttsPort", port);
            return this;
        }

        /** Present this certificate chain and key (PEM files) instead of one minted from the CA. */
        public Builder tlsCertificate(Path certificateChainPem, Path privateKeyPem) {
            this.tlsCertificate = Objects.requireNonNull(certificateChainPem, "certificateChainPem");
            this.tlsKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            return this;
        }

        /** More DNS names or IP addresses for the minted server certificate. */
        public Builder tlsSubjectAltNames(List<String> names) {
            this.tlsSubjectAltNames = List.copyOf(names);
            return this;
        }

        /**
         * Keep the CA here ({@code ca.pem}, {@code ca.key}; the folder {@code certs} writes) so devices keep
         * trusting the server across restarts.
         */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = positive("maxPacketSize", bytes);
            return this;
        }

        /** A session with no packet from the device for this long is closed, as ThingsBoard does. */
        public Builder inactivityTimeout(Duration timeout) {
            this.inactivityTimeout = positive("inactivityTimeout", timeout);
            return this;
        }

        /**
         * How long a client-side RPC without a stub waits before the device is sent {@code {"error":"timeout"}},
         * as ThingsBoard's default rule chain never answers.
         */
        public Builder clientRpcTimeout(Duration timeout) {
            this.clientRpcTimeout = positive("clientRpcTimeout", timeout);
            return this;
        }

        /**
         * How long an HTTP device's long poll without a timeout waits, and its attribute request and client RPC are
         * held, before a 408 ({@link #DEFAULT_HTTP_REQUEST_TIMEOUT}).
         *
         * @throws IllegalArgumentException not positive, or over {@link #MAX_HTTP_REQUEST_TIMEOUT}
         */
        public Builder httpRequestTimeout(Duration timeout) {
            positive("httpRequestTimeout", timeout);
            if (timeout.compareTo(MAX_HTTP_REQUEST_TIMEOUT) > 0) {
                throw new IllegalArgumentException("httpRequestTimeout must be at most " + MAX_HTTP_REQUEST_TIMEOUT
                    + ", the cap on any HTTP request, was " + timeout);
            }
            this.httpRequestTimeout = timeout;
            return this;
        }

        /** How long after answering a provision session closes it (ThingsBoard: 60 s); shorter keeps tests fast. */
        public Builder provisionCloseDelay(Duration delay) {
            this.provisionCloseDelay = positive("provisionCloseDelay", delay);
            return this;
        }

        /**
         * How long a device may be silent before ThingsBoard's device state service writes {@code active=false}
         * (its {@code state.defaultInactivityTimeoutInSec}, 10 minutes); a device's own {@code inactivityTimeout}
         * server attribute, in milliseconds, overrides it. Not the session timeout: see
         * {@link #inactivityTimeout(Duration)}.
         */
        public Builder deviceInactivityTimeout(Duration timeout) {
            this.deviceInactivityTimeout = positive("deviceInactivityTimeout", timeout);
            return this;
        }

        /** Telemetry values kept per device and key; beyond it the oldest are dropped (and counted). */
        public Builder maxValuesPerKey(int count) {
            this.maxValuesPerKey = positive("maxValuesPerKey", count);
            return this;
        }

        /** Events kept in the journal; beyond it the oldest are dropped. */
        public Builder journalCapacity(int count) {
            this.journalCapacity = positive("journalCapacity", count);
            return this;
        }

        /** @throws IllegalArgumentException both MQTT ports are {@link #DISABLED} */
        public TbMockOptions build() {
            if (mqttPort == DISABLED && mqttsPort == DISABLED) {
                throw new IllegalArgumentException("plain MQTT and MQTTS are both off: devices could not connect");
            }
            return new TbMockOptions(this);
        }

        static int checkPort(String name, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be 0..65535, was " + port);
            }
            return port;
        }

        private static Duration positive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
