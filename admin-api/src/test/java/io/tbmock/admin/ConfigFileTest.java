package io.tbmock.admin;

import com.google.protobuf.CodedOutputStream;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.ProvisionStrategy;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config files: the example file sets the fleet up, reset returns to it, and each kind of mistake is named. */
class ConfigFileTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "config", "tbmock.yml");

    @TempDir
    Path dir;

    private static TbMockServer start(ConfigFile config) {
        return TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(TbMockOptions.DISABLED)
            .bindAddress("127.0.0.1").setup(config.setup()).build());
    }

    @Test
    void theExampleFileSetsUpItsWholeFleet() throws Exception {
        ConfigFile config = ConfigFile.load(EXAMPLE);
        assertEquals("1883", config.serverOptions().get("mqtt-port"));
        assertEquals("10s", config.serverOptions().get("client-rpc-timeout"));
        try (TbMockServer server = start(config)) {
            TbMock tb = server.mock();
            assertEquals(List.of("thermostat-1", "meter-1", "camera-7", "hub", "sensor-a", "tracker-1"),
                tb.devices().stream().map(Device::name).toList());
            assertEquals(DeviceCredentials.basic("meter-1", "meter", "secret"), tb.device("meter-1").credentials());
            assertTrue(tb.device("camera-7").credentials() instanceof DeviceCredentials.X509);
            assertTrue(tb.device("hub").gateway());
            assertEquals("factory", tb.device("sensor-a").provisionProfile());
            assertEquals(Map.of("model", KvValue.of("TH-100"), "serial", KvValue.of("SN-0042")),
                tb.attributes("thermostat-1").client());
            assertEquals(KvValue.of(21.5), tb.attributes("thermostat-1").shared().get("targetTemperature"));
            assertEquals(ProvisionStrategy.CHECK_PRE_PROVISIONED_DEVICES, tb.provisionProfiles().get(1).strategy());
            assertEquals(OtaPackageType.FIRMWARE, tb.otaPackages().get(0).type());
            assertEquals(10000, tb.otaPackages().get(0).size());
            assertEquals("thermostat-fw", tb.attributes("thermostat-1").shared().get("fw_title").asString());

            assertEquals("trackers/+/position", tb.deviceProfile("tracker").mqtt().deviceTelemetryTopic());
            try (MqttDevice tracker = MqttDevice.connectWithToken(server.mqttPort(), "TRACKER_1_TOKEN")) {
                tracker.publish("trackers/t1/position", position(52.5, 87), 1);
            }
            assertEquals(Map.of("lat", KvValue.of(52.5), "battery", KvValue.of(87)), tb.latestTelemetry("tracker-1"));

            try (MqttDevice thermostat = MqttDevice.connectWithToken(server.mqttPort(), "THERMOSTAT_1_TOKEN")) {
                thermostat.publish("v1/devices/me/rpc/request/1", "{\"method\":\"getCurrentTime\",\"params\":{}}", 1);
                assertEquals(new MqttDevice.Received("v1/devices/me/rpc/response/1", "{\"time\":1700000000000}", 1),
                    thermostat.nextMessage(), "the stub answers");
            }
        }
    }

    /** The example's tracker Position message {lat = 1, battery = 3}, written by protobuf's own encoder. */
    private static byte[] position(double lat, int battery) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeDouble(1, lat);
        out.writeInt32(3, battery);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void aResetReturnsToTheConfiguredState() throws Exception {
        try (TbMockServer server = start(ConfigFile.load(EXAMPLE));
             AdminServer admin = AdminServer.start(server, "127.0.0.1", 0)) {
            TbMock tb = server.mock();
            tb.deleteDevice("meter-1");
            tb.createDevice(NewDevice.named("extra").credentials(DeviceCredentials.token("X")));
            tb.setSharedAttributes("thermostat-1", Map.of("targetTemperature", 18));
            assertEquals(204, new AdminClient(admin.port()).post("/admin/reset").status());
            assertEquals(List.of("thermostat-1", "meter-1", "camera-7", "hub", "sensor-a", "tracker-1"),
                tb.devices().stream().map(Device::name).toList());
            assertEquals(KvValue.of(21.5), tb.attributes("thermostat-1").shared().get("targetTemperature"));
            tb.deleteDeviceProfile("tracker");
            tb.reset(); // the Java API's reset too
            assertEquals(6, tb.devices().size());
            assertEquals(1, tb.deviceProfiles().size(), "the configured profiles are back");
            assertEquals(1, tb.otaPackages().size());
        }
    }

    @Test
    void aJsonFileWorksAlike() throws Exception {
        Path json = write("fleet.json", """
            {"server": {"max-values-per-key": 50},
             "devices": [{"name": "d1", "credentials": {"token": "T1"}, "clientAttributes": {"on": true}}]}
            """);
        ConfigFile config = ConfigFile.load(json);
        assertEquals("50", config.serverOptions().get("max-values-per-key"));
        try (TbMockServer server = start(config)) {
            assertEquals(Map.of("on", KvValue.of(true)), server.mock().attributes("d1").client());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        not YAML                  | devices: [ {name: a        | 1 | not valid YAML
        an unknown section        | servers: {}                | 1 | servers: unknown section
        a section that is no list | devices: {name: a}         | 1 | devices: must be a list
        an element that is no object | devices:\\n  - a        | 2 | devices[0]: must be an object
        a missing package file    | otaPackages:\\n  - title: fw\\n    version: '1'\\n    file: nowhere.bin | 4 | otaPackages[0].file
        an X.509 device to mint   | devices:\\n  - name: cam\\n    credentials: {type: X509_CERTIFICATE} | 3 | give certificatePem
        an unknown package field  | otaPackages:\\n  - url: http://x/fw.bin\\n    titel: fw | 3 | otaPackages[0].titel: unknown field
        """)
    void aFileOfTheWrongShapeIsRefusedOnLoadNamingTheLine(String what, String content, int line, String message)
        throws IOException {
        Path file = write("bad.yml", content.replace("\\n", "\n"));
        ConfigException refused = assertThrows(ConfigException.class, () -> ConfigFile.load(file));
        assertTrue(refused.getMessage().startsWith(file + ":" + line + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        an unknown device field   | devices:\\n  - name: a\\n    nme: b                          | 3 | devices[0]: unknown field 'nme'
        a bad credentials type    | devices:\\n  - name: a\\n    credentials:\\n      type: PIN   | 4 | devices[0]: 'credentials.type'
        a name used twice         | devices:\\n  - name: a\\n  - name: a                          | 3 | devices[1]: a device named 'a' already exists
        shared attributes no object | devices:\\n  - name: a\\n    sharedAttributes: [1]         | 3 | devices[0].sharedAttributes
        an unknown stub field     | clientRpcStubs:\\n  - method: m\\n    response: 1\\n    after: 5 | 4 | clientRpcStubs[0]: unknown field 'after'
        an assignment to nobody   | otaPackages:\\n  - url: http://x/fw.bin\\n    title: fw\\n    version: '1'\\n    assign:\\n      - device: ghost | 6 | otaPackages[0].assign[0]: no device named 'ghost'
        """)
    void anElementTheAdminApiRefusesStopsTheStartNamingTheLine(String what, String content, int line, String message)
        throws IOException {
        Path file = write("bad.yml", content.replace("\\n", "\n"));
        ConfigFile config = ConfigFile.load(file);
        ConfigException refused = assertThrows(ConfigException.class, () -> start(config));
        assertTrue(refused.getMessage().startsWith(file + ":" + line + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
    }

    @Test
    void aStartThatFailsOnItsConfigLeavesNothingRunning() throws Exception {
        Path file = write("bad.yml", "devices:\n  - name: a\n  - name: a\n");
        ConfigFile config = ConfigFile.load(file);
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        TbMockOptions options = TbMockOptions.builder().mqttPort(port).mqttsPort(TbMockOptions.DISABLED)
            .bindAddress("127.0.0.1").setup(config.setup()).build();
        assertThrows(ConfigException.class, () -> TbMockServer.start(options));
        try (TbMockServer again = TbMockServer.start(TbMockOptions.builder().mqttPort(port)
            .mqttsPort(TbMockOptions.DISABLED).bindAddress("127.0.0.1").build())) {
            assertEquals(port, again.mqttPort(), "the port was released");
        }
    }

    @Test
    void faultsAreArmedAtStartAndAgainAtEveryReset() throws Exception {
        ConfigFile config = ConfigFile.load(write("faults.yml", "devices:\n  - {name: d, credentials: {token: D}}\n"
            + "faults:\n  - {kind: PUBACK_REASON, device: d, reasonCode: 131, activeMs: 600000}\n"));
        try (TbMockServer server = start(config)) {
            TbMock tb = server.mock();
            assertEquals(1, tb.faults().size());
            tb.clearFaults();
            tb.reset();
            assertEquals(FaultKind.PUBACK_REASON, tb.faults().get(0).spec().kind(), "armed again");
        }
        ConfigFile unserved = ConfigFile.load(write("bad-fault.yml", "faults:\n  - {kind: STALL}\n"));
        ConfigException refused = assertThrows(ConfigException.class, () -> start(unserved));
        assertTrue(refused.getMessage().contains("faults[0]"), refused.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
