package io.tbmock.server.internal.mqtt;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.internal.state.ClientRpcStubs;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.state.OtaPackages;
import io.tbmock.server.internal.tb.AttributeChanges;
import io.tbmock.server.internal.tb.AttributeService;
import io.tbmock.server.internal.tb.ClaimHandler;
import io.tbmock.server.internal.tb.ClientRpcService;
import io.tbmock.server.internal.tb.DeviceFactory;
import io.tbmock.server.internal.tb.DeviceStates;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.OtaService;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.FaultService;
import io.tbmock.server.internal.tb.ProfileService;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.internal.tb.SyncPolls;
import io.tbmock.server.internal.tb.ThingsBoardCore;
import io.tbmock.server.internal.tb.Uploads;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RawMqtt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seam between the ThingsBoard front and the Moquette engine (MoquetteBridge): sessions become ready
 * under load, and what the server sends reaches only the addressed device, with its private prefix
 * stripped, at the QoS asked for.
 */
class EngineSeamTest {
    private static final DeviceRegistry devices = new DeviceRegistry();
    private static final SessionRegistry sessions = new SessionRegistry();
    private static ScheduledExecutorService scheduler;
    private static MqttTransport transport;

    @BeforeAll
    static void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        EventJournal journal = new EventJournal(10_000, scheduler, Runnable::run, System::currentTimeMillis);
        Exchanges exchanges = new Exchanges(journal);
        SyncPolls polls = new SyncPolls();
        ServerRpcService rpc = new ServerRpcService(devices, sessions, polls, exchanges, scheduler,
            System::currentTimeMillis);
        AttributeChanges changes = new AttributeChanges(Runnable::run);
        DeviceStates states = new DeviceStates(scheduler, System::currentTimeMillis, Duration.ofMinutes(10), journal,
            changes);
        AttributeService attributes = new AttributeService(devices, sessions, polls, states, changes);
        OtaService ota = new OtaService(new OtaPackages(), devices, attributes, exchanges, System::currentTimeMillis);
        DeviceFactory factory = new DeviceFactory(devices, states,
            () -> CompletableFuture.failedFuture(new IllegalStateException("no CA in this test")),
            System::currentTimeMillis, 1000);
        ThingsBoardCore core = new ThingsBoardCore(devices, sessions, states, factory, exchanges,
            new Uploads(exchanges, ota, System::currentTimeMillis), attributes, rpc,
            new ClientRpcService(devices, new ClientRpcStubs(), exchanges, scheduler, System::currentTimeMillis,
                Duration.ofMinutes(1)), new ClaimHandler(exchanges, System::currentTimeMillis), ota, null,
                new ProfileService(System::currentTimeMillis),
                new FaultService(journal, System::currentTimeMillis, scheduler, sessions, devices), polls,
            journal, scheduler, System::currentTimeMillis);
        transport = new MqttTransport(TbMockOptions.builder().mqttPort(0).bindAddress("127.0.0.1").build(), null, core);
        transport.acceptConnections();
    }

    @AfterAll
    static void stop() {
        transport.close();
        scheduler.shutdownNow();
    }

    @Test
    void aHundredConcurrentConnectionsAllBecomeReadyAndReachable() throws Exception {
        List<RawMqtt> connections = new ArrayList<>();
        List<DeviceEntry> entries = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                entries.add(device("load-" + i));
                RawMqtt raw = new RawMqtt(transport.mqttPort());
                connections.add(raw);
                // all CONNECTs go out before any CONNACK is read
                raw.send(MqttMessageBuilders.connect().clientId("load-" + i).protocolVersion(MqttVersion.MQTT_3_1_1)
                    .cleanSession(true).hasUser(true).username("token-load-" + i).build());
            }
            for (RawMqtt raw : connections) {
                raw.expect(MqttMessageType.CONNACK);
            }
            for (DeviceEntry entry : entries) {
                assertTrue(sessions.connected(entry.id()), entry.name() + " is ready once it has its CONNACK");
                assertTrue(transport.engine().publish(entry.id(), 0, "v1/devices/me/attributes", 0,
                    ("{\"to\":\"" + entry.name() + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < connections.size(); i++) {
                MqttPublishMessage received = (MqttPublishMessage) connections.get(i).expect(MqttMessageType.PUBLISH);
                assertEquals("v1/devices/me/attributes", received.variableHeader().topicName());
                assertEquals("{\"to\":\"load-" + i + "\"}", received.content().toString(StandardCharsets.UTF_8));
                received.release();
            }
        } finally {
            for (RawMqtt raw : connections) {
                raw.close();
            }
        }
    }

    @Test
    void outboundMessagesKeepTheirQosAndReachOnlyTheirDevice() throws Exception {
        DeviceEntry target = device("target");
        device("other");
        try (MqttDevice other = MqttDevice.connectWithToken(transport.mqttPort(), "token-other");
             MqttDevice device = MqttDevice.connectWithToken(transport.mqttPort(), "token-target")) {
            transport.engine().publish(target.id(), 0, "v1/devices/me/rpc/request/0", 1, "{\"method\":\"m\"}".getBytes());
            transport.engine().publish(target.id(), 0, "v1/devices/me/attributes", 0, "{\"a\":1}".getBytes());
            MqttDevice.Received first = device.nextMessage();
            assertEquals(new MqttDevice.Received("v1/devices/me/rpc/request/0", "{\"method\":\"m\"}", 1), first);
            assertEquals(new MqttDevice.Received("v1/devices/me/attributes", "{\"a\":1}", 0), device.nextMessage());
            other.roundTrip();
            assertTrue(other.received().isEmpty());
        }
    }

    private static DeviceEntry device(String name) {
        DeviceEntry entry = new DeviceEntry(DeviceRegistry.newDeviceId(), name, "default", false,
            DeviceCredentials.token("token-" + name), "token-" + name, System.currentTimeMillis(), null, 10);
        devices.add(entry);
        return entry;
    }
}
