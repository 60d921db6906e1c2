package io.tbmock.client;

import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.WaitTimeoutException;
import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.OtaProgress;
import io.tbmock.server.model.ProtobufPayload;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;
import io.tbmock.testing.DeviceSchemas;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tbmock.test.presence.TelemetryPresence.PostTelemetry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of {@link TbMock}, whatever door a test comes through: in-process, or over the admin API to
 * the jar or a container. Each door extends this with how it starts tbmock; every test runs against each,
 * with a real MQTT device, so the doors cannot drift apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TbMockContract {
    protected static final Duration WAIT = Duration.ofSeconds(10);

    private Door door;
    protected TbMock tb;

    /** A running tbmock as one door shows it: the handle, the MQTT port, and how to stop it. */
    public record Door(TbMock tb, int mqttPort, AutoCloseable stop) {
    }

    protected abstract Door open() throws Exception;

    @BeforeAll
    void openDoor() throws Exception {
        door = open();
        tb = door.tb();
    }

    @AfterAll
    void closeDoor() throws Exception {
        if (door != null) {
            door.stop().close();
        }
    }

    @BeforeEach
    void startFromNothing() {
        tb.reset();
    }

    private MqttDevice connect(String token) throws Exception {
        return MqttDevice.connectWithToken(door.mqttPort(), token);
    }

    private Device createDevice(String name, String token) {
        return tb.createDevice(NewDevice.named(name).credentials(DeviceCredentials.token(token)));
    }

    @Test
    void devicesAndTheirSessions() throws Exception {
        Device created = createDevice("floor 1/dev-1", "T1");
        assertEquals(created, tb.device("floor 1/dev-1"));
        assertEquals(List.of(created), tb.devices());
        assertEquals(SessionInfo.DISCONNECTED, tb.session("floor 1/dev-1"));

        try (MqttDevice device = connect("T1")) {
            SessionInfo session = tb.awaitConnected("floor 1/dev-1", WAIT);
            assertEquals(4, session.protocolVersion());
            device.subscribe(1, "v1/devices/me/attributes");
            assertEquals(List.of("v1/devices/me/attributes"), tb.session("floor 1/dev-1").subscriptions());
            assertTrue(tb.device("floor 1/dev-1").connected());

            tb.disconnect("floor 1/dev-1");
            tb.awaitDisconnected("floor 1/dev-1", WAIT);
            assertTrue(device.awaitConnectionLost());
        }
        assertThrows(ConflictException.class, () -> tb.disconnect("floor 1/dev-1"), "nothing to disconnect");
        assertThrows(ConflictException.class, () -> createDevice("floor 1/dev-1", "T2"));

        tb.deleteDevice("floor 1/dev-1");
        NotFoundException gone = assertThrows(NotFoundException.class, () -> tb.device("floor 1/dev-1"));
        assertEquals("no device named 'floor 1/dev-1'", gone.getMessage());
        assertEquals(0, tb.stats().devices());
    }

    @Test
    void devicesByIdAndNewCredentials() throws Exception {
        Device created = createDevice("dev-1", "T1");
        assertEquals(created, tb.deviceById(created.id()));
        assertThrows(NotFoundException.class, () -> tb.deviceById("0c0a2f0e-6c35-4e8c-9a3c-5c0b7e7ad2d1"));
        createDevice("dev-2", "T2");
        assertThrows(ConflictException.class, () -> tb.updateCredentials("dev-1", DeviceCredentials.token("T2")));
        try (MqttDevice device = connect("T1")) {
            Device rekeyed = tb.updateCredentials("dev-1", DeviceCredentials.token("T1b"));
            assertEquals(DeviceCredentials.token("T1b"), rekeyed.credentials());
            assertTrue(device.awaitConnectionLost(), "its session is closed, as ThingsBoard closes it");
        }
        try (MqttDevice device = connect("T1b")) {
            tb.awaitConnected("dev-1", WAIT);
        }
    }

    @Test
    void deviceStateAndRenames() throws Exception {
        Device created = createDevice("dev-1", "T1");
        assertFalse(tb.deviceState("dev-1").active());
        try (MqttDevice device = connect("T1")) {
            tb.awaitConnected("dev-1", WAIT); // the CONNECT makes it active
            DeviceState state = tb.deviceState("dev-1");
            assertTrue(state.active());
            assertTrue(state.lastConnectTime() > 0);
            assertEquals(600_000, state.inactivityTimeout());

            Device renamed = tb.renameDevice("dev-1", "dev-one");
            assertEquals(created.id(), renamed.id());
            assertEquals("dev-one", renamed.name());
            assertTrue(renamed.connected());
            assertEquals("{\"oldName\":\"dev-1\",\"newName\":\"dev-one\"}",
                tb.awaitEvent(EventFilter.all().device("dev-one").type(EventType.RENAMED), WAIT).payload());
        }
        createDevice("dev-2", "T2");
        assertThrows(ConflictException.class, () -> tb.renameDevice("dev-one", "dev-2"));
        assertThrows(InvalidRequestException.class, () -> tb.renameDevice("dev-one", ""));
        assertThrows(NotFoundException.class, () -> tb.deviceState("dev-1"));
    }

    @Test
    void attributeScopesServerAttributesAndTelemetrySavedByTheServerSide() throws Exception {
        createDevice("dev-1", "T1");
        long before = System.currentTimeMillis();
        tb.setServerAttributesJson("dev-1", "{\"zone\":\"north\",\"limit\":\"5\"}");
        tb.setClientAttributesJson("dev-1", "{\"serial\":\"SN-1\"}");
        List<AttributeKv> server = tb.attributes("dev-1", AttributeScope.SERVER);
        // "active" is the device state service's, written when the device was created
        assertEquals(List.of("active", "zone", "limit"), server.stream().map(AttributeKv::key).toList());
        assertEquals(KvValue.of(5L), server.get(2).value());
        assertTrue(server.get(1).lastUpdateTs() >= before);
        assertEquals(Map.of(), tb.attributes("dev-1").shared(), "server attributes are not shared ones");
        assertFalse(tb.deleteAttributes("dev-1", AttributeScope.SERVER, "zone", "unknown"));
        assertEquals(List.of("active", "limit"),
            tb.attributes("dev-1", AttributeScope.SERVER).stream().map(AttributeKv::key).toList());
        assertFalse(tb.deleteAttributes("dev-1", AttributeScope.CLIENT, "serial"));
        assertEquals(List.of(), tb.attributes("dev-1", AttributeScope.CLIENT));

        tb.saveTelemetryJson("dev-1", "[{\"ts\":1700000000000,\"values\":{\"t\":1}},{\"ts\":1700000001000,\"values\":{\"t\":2.5}}]");
        assertEquals(List.of(new TsValue(1700000000000L, KvValue.of(1L)), new TsValue(1700000001000L, KvValue.of(2.5))),
            tb.telemetry("dev-1", "t").get("t"));
        assertThrows(InvalidRequestException.class, () -> tb.saveTelemetryJson("dev-1", "{\"t\":"));
        assertEquals(1, tb.deleteTelemetry("dev-1", 1700000001000L, Long.MAX_VALUE, "t"));
        assertEquals(Map.of("t", KvValue.of(1L)), tb.latestTelemetry("dev-1"));
        assertEquals(1, tb.deleteTelemetry("dev-1", Long.MIN_VALUE, Long.MAX_VALUE, "t", "unknown"));
        assertEquals(Map.of(), tb.telemetry("dev-1"));
    }

    @Test
    void mintedCertificatesAndTheCa() {
        Device camera = tb.createDevice(NewDevice.named("camera").credentials(DeviceCredentials.x509(null)));
        DeviceCredentials.X509 minted = (DeviceCredentials.X509) camera.credentials();
        assertTrue(minted.certificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(minted.privateKeyPem().contains("PRIVATE KEY"), "the key, this once");
        assertEquals(null, ((DeviceCredentials.X509) tb.device("camera").credentials()).privateKeyPem());
        assertTrue(tb.caCertificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void whatADeviceSendsIsTypedStoredAndWaitedFor() throws Exception {
        createDevice("dev-1", "T1");
        CompletableFuture<TsValue> warm = CompletableFuture.supplyAsync(() ->
            tb.awaitTelemetry("dev-1", "temperature", value -> value.asDouble() > 30, WAIT));
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/telemetry", "{\"ts\":1700000000000,\"values\":{\"temperature\":25}}", 1);
            device.publish("v1/devices/me/telemetry",
                "{\"temperature\":31.5,\"on\":true,\"mode\":\"eco\",\"schedule\":{\"at\":[6,22]},\"count\":\"42\"}", 1);
            device.publish("v1/devices/me/attributes", "{\"firmware\":\"v1.0\"}", 1);
            assertEquals(KvValue.of(31.5), warm.get(10, TimeUnit.SECONDS).value());
            assertEquals(KvValue.of("v1.0"), tb.awaitClientAttribute("dev-1", "firmware", WAIT));
        }
        assertEquals(List.of(new TsValue(1700000000000L, KvValue.of(25L))),
            tb.telemetry("dev-1", "temperature").get("temperature").subList(0, 1));
        Map<String, KvValue> latest = tb.latestTelemetry("dev-1");
        assertEquals(KvValue.of(31.5), latest.get("temperature"));
        assertEquals(KvValue.of(true), latest.get("on"));
        assertEquals(KvValue.of("eco"), latest.get("mode"));
        assertEquals(KvValue.json("{\"at\":[6,22]}"), latest.get("schedule"));
        assertEquals(KvValue.of(42L), latest.get("count"), "a number in a string is a number, as in ThingsBoard");
        assertEquals(Map.of("count", KvValue.of(42L)), tb.latestTelemetry("dev-1", "count"));

        tb.setClientAttributesJson("dev-1", "{\"serial\":\"SN-1\"}");
        assertEquals(KvValue.of("SN-1"), tb.attributes("dev-1").client().get("serial"));
    }

    @Test
    void sharedAttributesArePushedToASubscribedDevice() throws Exception {
        createDevice("dev-1", "T1");
        assertFalse(tb.setSharedAttributesJson("dev-1", "{\"mode\":\"off\"}"), "nobody is subscribed");
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("target", 21.5);
            values.put("steps", 3L);
            values.put("days", KvValue.json("[1,2]"));
            assertTrue(tb.setSharedAttributes("dev-1", values));
            assertEquals("{\"target\":21.5,\"steps\":3,\"days\":[1,2]}", device.nextMessage().payload());
            assertTrue(tb.deleteSharedAttributes("dev-1", "mode"));
            assertEquals("{\"deleted\":[\"mode\"]}", device.nextMessage().payload());
        }
        assertEquals(Map.of("target", KvValue.of(21.5), "steps", KvValue.of(3L), "days", KvValue.json("[1,2]")),
            tb.attributes("dev-1").shared());
    }

    @Test
    void serverRpcsAreAnsweredQueuedAndTimedOut() throws Exception {
        createDevice("dev-1", "T1");
        ServerRpc queued = tb.submitRpc("dev-1", RpcRequest.twoWay("getState").timeout(WAIT));
        assertEquals(RpcStatus.QUEUED, queued.status(), "nobody is subscribed yet");
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            MqttDevice.Received request = device.nextMessage();
            assertEquals("v1/devices/me/rpc/request/" + queued.id(), request.topic());
            assertEquals("{\"method\":\"getState\",\"params\":{}}", request.payload());
            device.publish("v1/devices/me/rpc/response/" + queued.id(), "{\"on\":true}", 1);
            ServerRpc answered = tb.awaitRpcResponse("dev-1", queued.id(), WAIT);
            assertEquals(RpcStatus.SUCCESSFUL, answered.status());
            assertEquals("{\"on\":true}", answered.response());

            CompletableFuture<ServerRpc> sent = tb.sendRpcAsync("dev-1",
                RpcRequest.twoWay("setGpio").params("{\"pin\":4}").timeout(WAIT));
            MqttDevice.Received second = device.nextMessage();
            device.publish(second.topic().replace("request", "response"), "{\"pin\":4,\"value\":1}", 1);
            assertEquals("{\"pin\":4,\"value\":1}", sent.get(10, TimeUnit.SECONDS).response());

            ServerRpc unanswered = tb.sendRpc("dev-1", RpcRequest.twoWay("reboot").timeout(Duration.ofMillis(200)));
            assertEquals(RpcStatus.TIMEOUT, unanswered.status());
            assertEquals(unanswered, tb.rpc("dev-1", unanswered.id()));
        }
        assertEquals(List.of("getState", "setGpio", "reboot"),
            tb.rpcs("dev-1").stream().map(ServerRpc::method).toList());
        assertThrows(NotFoundException.class, () -> tb.rpc("dev-1", 99));
    }

    @Test
    void clientRpcsAreAnsweredByStubs() throws Exception {
        createDevice("dev-1", "T1");
        tb.stubClientRpc(ClientRpcStub.method("getTime").respond("{\"time\":1700000000000}"));
        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/rpc/response/+");
            device.publish("v1/devices/me/rpc/request/7", "{\"method\":\"getTime\",\"params\":{}}", 1);
            MqttDevice.Received answer = device.nextMessage();
            assertEquals("v1/devices/me/rpc/response/7", answer.topic());
            assertEquals("{\"time\":1700000000000}", answer.payload());
        }
        ClientRpcRequest asked = tb.awaitClientRpc("dev-1", "getTime", WAIT);
        assertEquals(7, asked.id());
        assertEquals(List.of(asked), tb.clientRpcRequests("dev-1"));
        ClientRpcStub forOne = ClientRpcStub.method("ping").respond("[1,\"a\"]").forDevice("dev-1")
            .delay(Duration.ofMillis(5));
        tb.stubClientRpc(forOne);
        assertEquals(List.of(ClientRpcStub.method("getTime").respond("{\"time\":1700000000000}"), forOne),
            tb.clientRpcStubs());
        tb.clearClientRpcStubs();
        assertEquals(List.of(), tb.clientRpcStubs());
        assertThrows(InvalidRequestException.class, () -> tb.stubClientRpc(ClientRpcStub.method("slow")
            .delay(ClientRpcStub.MAX_DELAY.plusMillis(1))));
    }

    @Test
    void attributeRequestsAndClaims() throws Exception {
        createDevice("dev-1", "T1");
        assertTrue(tb.claim("dev-1").isEmpty());
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/attributes/request/1", "{\"sharedKeys\":\"mode\"}", 1);
            device.publish("v1/devices/me/claim", "{\"secretKey\":\"s3cret\",\"durationMs\":60000}", 1);
            Event request = tb.awaitAttributeRequest("dev-1", WAIT);
            assertEquals("v1/devices/me/attributes/request/1", request.topic());
            assertEquals("s3cret", tb.awaitClaim("dev-1", WAIT).secretKey());
        }
        assertEquals(60000, tb.claim("dev-1").orElseThrow().durationMs());
        assertThrows(NotFoundException.class, () -> tb.claim("nobody"));
    }

    @Test
    void provisionProfiles() {
        ProvisionProfile profile = new ProvisionProfile("esp32", "KEY", "SECRET",
            ProvisionStrategy.ALLOW_CREATE_NEW_DEVICES);
        assertEquals(profile, tb.createProvisionProfile(profile));
        assertEquals(List.of(profile), tb.provisionProfiles());
        assertThrows(ConflictException.class, () -> tb.createProvisionProfile(profile));
        tb.deleteProvisionProfile("esp32");
        assertEquals(List.of(), tb.provisionProfiles());
        assertThrows(NotFoundException.class, () -> tb.deleteProvisionProfile("esp32"));
    }

    @Test
    void deviceProfilesServeTheirDevices() throws Exception {
        ProtobufPayload protobuf = ProtobufPayload.of(DeviceSchemas.text("telemetry_presence.proto"),
            DeviceSchemas.text("attributes.proto")).withJsonCompatibility(true, true);
        DeviceProfile profile = DeviceProfile.mqtt("sensor",
            MqttTransportConfiguration.protobuf(protobuf).withTopics("sensors/+/t", null, null));
        assertEquals(profile, tb.saveDeviceProfile(profile), "defaults filled in the same on both doors");
        assertEquals(List.of(profile), tb.deviceProfiles());
        assertEquals(profile, tb.deviceProfile("sensor"));
        tb.createDevice(NewDevice.named("s1").type("sensor").credentials(DeviceCredentials.token("S1")));
        try (MqttDevice device = connect("S1")) {
            device.publish("sensors/s1/t", PostTelemetry.newBuilder().setKey4(4).build().toByteArray(), 1);
        }
        assertEquals(Map.of("key4", KvValue.of(4)), tb.latestTelemetry("s1"));
        Event telemetry = tb.awaitEvent(EventFilter.all().device("s1").type(EventType.TELEMETRY), WAIT);
        assertEquals("{\"key4\":4}", telemetry.payload());
        assertEquals("IAQ=", telemetry.payloadBase64(), "field 4, varint 4");

        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> tb.saveDeviceProfile(
            DeviceProfile.mqtt("bad", MqttTransportConfiguration.protobuf(ProtobufPayload.of("syntax = \"proto2\";",
                DeviceSchemas.text("attributes.proto"))))));
        assertEquals("[Transport Configuration] invalid schema syntax: proto2 for telemetry proto schema provided! "
            + "Only proto3 allowed!", refused.getMessage());
        tb.deleteDeviceProfile("sensor");
        assertEquals(List.of(), tb.deviceProfiles());
        assertThrows(NotFoundException.class, () -> tb.deviceProfile("sensor"));
        assertThrows(NotFoundException.class, () -> tb.deleteDeviceProfile("sensor"));
    }

    @Test
    void faultsAreAddedFiredListedAndRemoved() throws Exception {
        tb.createDevice(NewDevice.named("f1").credentials(DeviceCredentials.token("F1")));
        Fault fault = tb.addFault(NewFault.pubackReason("f1", 0x83).topic("v1/devices/me/#").activeMs(60_000));
        assertEquals(NewFault.pubackReason("f1", 0x83).topic("v1/devices/me/#").activeMs(60_000), fault.spec(),
            "a time-bound fault has no count");
        try (MqttDevice device = connect("F1")) {
            device.publish("v1/devices/me/telemetry", "{\"a\":1}", 1); // MQTT 3.1.1: a plain PUBACK
        }
        assertEquals(1, tb.faults().get(0).fired());
        assertEquals(1, tb.awaitFault(fault.id(), 1, WAIT).fired());
        assertThrows(WaitTimeoutException.class, () -> tb.awaitFault(fault.id(), 2, Duration.ofMillis(100)));
        assertEquals(EventType.FAULT, tb.awaitEvent(EventFilter.all().device("f1").type(EventType.FAULT), WAIT).type());
        tb.removeFault(fault.id());
        assertThrows(NotFoundException.class, () -> tb.removeFault(fault.id()));
        assertEquals(1, tb.fault(fault.id()).fired(), "a removed fault is still found");
        assertThrows(NotFoundException.class, () -> tb.fault("nope"));
        tb.addFault(NewFault.withholdPuback(null));
        assertEquals(Integer.valueOf(1), tb.faults().get(0).spec().count(), "one-shot by default");
        tb.clearFaults();
        assertEquals(List.of(), tb.faults());
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.refuseConnect("f1", 0x80)));
        assertThrows(InvalidRequestException.class, () -> tb.addFault(NewFault.dropDownlink("f1").transport("HTTP")),
            "a kind that means nothing on HTTP");
        NewFault httpStall = NewFault.stall("f1", 50).transport("HTTP");
        assertEquals(httpStall.count(1), tb.addFault(httpStall).spec());
        try (MqttDevice device = connect("F1")) {
            device.publish("v1/devices/me/telemetry", "{\"a\":2}", 1); // an HTTP stall leaves MQTT alone
        }
        assertEquals(0, tb.faults().get(0).fired());
    }

    @Test
    void firmwareIsAssignedAndItsStatesWaitedFor() throws Exception {
        createDevice("dev-1", "T1");
        OtaPackage pkg = tb.uploadOtaPackage(NewOtaPackage.firmware("fw", "1.1").tag("fw 1.1"),
            "firmware bytes".getBytes(StandardCharsets.UTF_8));
        assertEquals(14L, pkg.size());
        assertEquals(List.of(pkg), tb.otaPackages());
        assertEquals(pkg, tb.otaPackage(pkg.id()));
        assertTrue(tb.otaProgress("dev-1", OtaPackageType.FIRMWARE).isEmpty());

        try (MqttDevice device = connect("T1")) {
            device.subscribe(1, "v1/devices/me/attributes");
            assertTrue(tb.assignOtaPackage("dev-1", pkg.id(), OtaFaults.NONE.chunkDelay(Duration.ofMillis(1))));
            device.publish("v1/devices/me/telemetry", "{\"fw_state\":\"DOWNLOADING\"}", 1);
            device.publish("v1/devices/me/telemetry", "{\"fw_state\":\"UPDATED\"}", 1);
            OtaProgress progress = tb.awaitFirmwareState("dev-1", "UPDATED", WAIT);
            assertEquals(List.of("QUEUED", "INITIATED", "DOWNLOADING", "UPDATED"), progress.states());
            assertEquals(progress, tb.otaProgress("dev-1", OtaPackageType.FIRMWARE).orElseThrow());
        }
        assertThrows(ConflictException.class, () -> tb.deleteOtaPackage(pkg.id()), "it is assigned");
        tb.awaitDisconnected("dev-1", WAIT); // the server sees the close a moment after the client made it
        assertFalse(tb.unassignOtaPackage("dev-1", OtaPackageType.FIRMWARE), "nobody is connected");
        tb.deleteOtaPackage(pkg.id());
        assertThrows(NotFoundException.class, () -> tb.otaPackage(pkg.id()));
    }

    @Test
    void theJournalIsReadWaitedOnAndFollowed() throws Exception {
        createDevice("dev-1", "T1");
        BlockingQueue<Event> heard = new LinkedBlockingQueue<>();
        Consumer<Event> listener = heard::add;
        tb.addEventListener(listener);
        try {
            CompletableFuture<EventPage> next = tb.eventsAsync(EventFilter.all().device("dev-1")
                .type(EventType.TELEMETRY), WAIT);
            try (MqttDevice device = connect("T1")) {
                device.publish("v1/devices/me/telemetry", "{\"n\": 1.50}", 1);
                device.publish("v1/devices/me/telemetry", "{\"n\":2}", 1);
            }
            Event first = next.get(10, TimeUnit.SECONDS).events().get(0);
            assertEquals("{\"n\": 1.50}", first.payload(), "what the device sent, to the byte");
            assertEquals(first, tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.TELEMETRY), WAIT));

            // The DISCONNECT is journaled a moment after the client closed.
            tb.awaitEvent(EventFilter.all().device("dev-1").type(EventType.DISCONNECT), WAIT);
            EventPage all = tb.events(EventFilter.all().device("dev-1"));
            assertEquals(List.of(EventType.CONNECT, EventType.TELEMETRY, EventType.TELEMETRY, EventType.DISCONNECT),
                all.events().stream().map(Event::type).toList());
            for (Event event : all.events()) {
                assertEquals(event, heard.poll(10, TimeUnit.SECONDS), "listeners hear every event, in order");
            }
            assertEquals(all.next(), tb.stats().lastSeq());
            assertEquals(List.of(), tb.events(EventFilter.all().after(all.next())).events());
            assertEquals(Event.MQTT, first.transport());
            assertEquals(all.events(), tb.events(EventFilter.all().device("dev-1").transport(Event.MQTT)).events());
            assertEquals(List.of(), tb.events(EventFilter.all().device("dev-1").transport(Event.HTTP)).events());
        } finally {
            tb.removeEventListener(listener);
        }
    }

    @Test
    void aWaitThatTimesOutSaysWhatItExpectedAndWhatCameInstead() throws Exception {
        createDevice("dev-1", "T1");
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/telemetry", "{\"temperature\":20}", 1);
        }
        WaitTimeoutException failure = assertThrows(WaitTimeoutException.class,
            () -> tb.awaitTelemetry("dev-1", "temperature", value -> value.asDouble() > 30, Duration.ofMillis(300)));
        String message = failure.getMessage();
        assertTrue(message.startsWith("Timed out after 300 ms waiting for telemetry 'temperature' of device 'dev-1'"
            + " (latest value: 20). Last 3 events of device 'dev-1':\n  #"), message);
        assertTrue(message.contains(" IN TELEMETRY device=dev-1 topic=v1/devices/me/telemetry payload={\"temperature\":20}"),
            message);
        assertTrue(message.endsWith(" No events of other devices were recorded."), message);

        NotFoundException unknown = assertThrows(NotFoundException.class,
            () -> tb.awaitConnected("nobody", Duration.ofMillis(300)));
        assertEquals("no device named 'nobody'", unknown.getMessage());
        WaitTimeoutException noEvent = assertThrows(WaitTimeoutException.class,
            () -> tb.awaitEvent(EventFilter.all().type(EventType.CLAIM), Duration.ofMillis(100)));
        assertTrue(noEvent.getMessage().startsWith("Timed out after 100 ms waiting for an event: "), noEvent.getMessage());
    }

    @Test
    void resetsForgetWhatTheyShould() throws Exception {
        createDevice("dev-1", "T1");
        tb.setSharedAttributesJson("dev-1", "{\"mode\":\"eco\"}");
        try (MqttDevice device = connect("T1")) {
            device.publish("v1/devices/me/telemetry", "{\"t\":1}", 1);
        }
        tb.awaitTelemetry("dev-1", "t", WAIT);
        tb.resetData();
        assertEquals(Map.of(), tb.latestTelemetry("dev-1"));
        assertEquals(Map.of("mode", KvValue.of("eco")), tb.attributes("dev-1").shared(), "devices stay");
        tb.reset();
        assertEquals(List.of(), tb.devices());
    }

    @Test
    void gatewaysAndTheirChildren() throws Exception {
        tb.createDevice(NewDevice.named("hub").gateway(true).credentials(DeviceCredentials.token("HUB")));
        try (MqttDevice hub = connect("HUB")) {
            hub.publish("v1/gateway/connect", "{\"device\":\"sensor-1\"}", 1);
        }
        assertEquals(List.of("sensor-1"), tb.children("hub").stream().map(Device::name).toList());
        createDevice("plain", "P");
        assertThrows(ConflictException.class, () -> tb.children("plain"));
    }
}
