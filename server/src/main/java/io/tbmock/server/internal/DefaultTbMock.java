package io.tbmock.server.internal;

import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockException;
import io.tbmock.server.WaitTimeoutException;
import io.tbmock.server.internal.state.ClientRpcStubs;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.tb.DeviceSession;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.state.OtaAssignment;
import io.tbmock.server.internal.state.ProvisionProfiles;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.internal.tb.AttributeService;
import io.tbmock.server.internal.tb.SessionRegistry;
import io.tbmock.server.internal.tb.DeviceFactory;
import io.tbmock.server.internal.tb.DeviceJson;
import io.tbmock.server.internal.tb.JavaValues;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.OtaService;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.ValueTyping;
import io.tbmock.server.internal.tls.ServerPki;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceAttributes;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.OtaProgress;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The {@link TbMock} over the server's state. */
public final class DefaultTbMock implements TbMock {
    private static final int TAIL_IN_FAILURES = 15;
    /** A connection that does not close within this (a stuck peer) does not hold a reset up. */
    private static final Duration RESET_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final DeviceRegistry devices;
    private final SessionRegistry sessions;
    private final EventJournal journal;
    private final AttributeService attributes;
    private final ServerRpcService rpc;
    private final ClientRpcStubs stubs;
    private final ProvisionProfiles profiles;
    private final DeviceFactory factory;
    private final OtaService ota;
    private final Supplier<ServerPki> pki;

    public DefaultTbMock(DeviceRegistry devices, SessionRegistry sessions, EventJournal journal,
                         AttributeService attributes, ServerRpcService rpc, ClientRpcStubs stubs,
                         ProvisionProfiles profiles, DeviceFactory factory, OtaService ota,
                         Supplier<ServerPki> pki) {
        this.devices = devices;
        this.sessions = sessions;
        this.journal = journal;
        this.attributes = attributes;
        this.rpc = rpc;
        this.stubs = stubs;
        this.profiles = profiles;
        this.factory = factory;
        this.ota = ota;
        this.pki = pki;
    }

    // --- server -----------------------------------------------------------------------------------------

    @Override
    public void reset() {
        resetAsync().join();
    }

    @Override
    public CompletableFuture<Void> resetAsync() {
        List<DeviceEntry> forgotten = devices.all();
        devices.clear(); // first, so no device can authenticate while the sessions close
        stubs.clear();
        profiles.clear();
        ota.clear();
        forgotten.forEach(DeviceEntry::clearRecordedData); // ends unfinished RPCs, so nobody waits on them
        CompletableFuture<?>[] closing = sessions.all().stream()
            .map(session -> session.close("the mock was reset")).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(closing)
            .completeOnTimeout(null, RESET_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .thenRun(journal::clear);
    }

    @Override
    public void resetData() {
        devices.all().forEach(DeviceEntry::clearRecordedData);
        journal.clear();
    }

    // --- devices ----------------------------------------------------------------------------------------

    @Override
    public Device createDevice(NewDevice spec) {
        if (spec != null && spec.provisionProfile() != null) {
            profiles.require(spec.provisionProfile());
        }
        DeviceFactory.Created created = factory.create(spec);
        Device device = created.device().toDevice(false);
        if (created.mintedPrivateKeyPem() == null) {
            return device;
        }
        // The minted key is handed out once, here, and not kept.
        DeviceCredentials.X509 certificate = (DeviceCredentials.X509) device.credentials();
        return device.withCredentials(new DeviceCredentials.X509(certificate.certificatePem(),
            created.mintedPrivateKeyPem()));
    }

    @Override
    public String caCertificatePem() {
        return pki.get().ca().certificatePem();
    }

    @Override
    public List<Device> devices() {
        return devices.all().stream().map(this::toDevice).collect(Collectors.toList());
    }

    @Override
    public Device device(String name) {
        return toDevice(devices.require(name));
    }

    @Override
    public void deleteDevice(String name) {
        DeviceEntry removed = devices.remove(name);
        DeviceSession session = sessions.current(removed.id());
        if (session != null) {
            session.close("the device was deleted");
        }
    }

    @Override
    public SessionInfo session(String device) {
        DeviceSession session = sessions.current(devices.require(device).id());
        return session == null ? SessionInfo.DISCONNECTED : session.info();
    }

    @Override
    public void disconnect(String device) {
        DeviceSession session = sessions.current(devices.require(device).id());
        if (session == null || !session.ready()) {
            throw new ConflictException("device '" + device + "' is not connected");
        }
        session.close("disconnected through the admin API");
    }

    // --- recorded data ----------------------------------------------------------------------------------

    @Override
    public Map<String, List<TsValue>> telemetry(String device, String... keys) {
        return devices.require(device).telemetry().values(Set.of(keys));
    }

    @Override
    public Map<String, KvValue> latestTelemetry(String device, String... keys) {
        return devices.require(device).telemetry().latest(Set.of(keys));
    }

    @Override
    public DeviceAttributes attributes(String device) {
        DeviceEntry entry = devices.require(device);
        return new DeviceAttributes(entry.clientAttributes().snapshot(), entry.sharedAttributes().snapshot());
    }

    // --- provisioning ------------------------------------------------------------------------------------

    @Override
    public ProvisionProfile createProvisionProfile(ProvisionProfile profile) {
        if (profile.name() == null || profile.name().isBlank()) {
            throw new InvalidRequestException("name", "name is required and must not be blank");
        }
        if (profile.provisionDeviceKey() == null || profile.provisionDeviceKey().isEmpty()) {
            throw new InvalidRequestException("provisionDeviceKey", "provisionDeviceKey is required");
        }
        if (profile.provisionDeviceSecret() == null || profile.provisionDeviceSecret().isEmpty()) {
            throw new InvalidRequestException("provisionDeviceSecret", "provisionDeviceSecret is required");
        }
        profiles.add(profile);
        return profile;
    }

    @Override
    public List<ProvisionProfile> provisionProfiles() {
        return profiles.all();
    }

    @Override
    public void deleteProvisionProfile(String name) {
        profiles.remove(name);
    }

    // --- OTA --------------------------------------------------------------------------------------------

    @Override
    public OtaPackage uploadOtaPackage(NewOtaPackage spec, byte[] data) {
        return ota.upload(spec, data);
    }

    @Override
    public List<OtaPackage> otaPackages() {
        return ota.packages();
    }

    @Override
    public OtaPackage otaPackage(String packageId) {
        return ota.pkg(packageId);
    }

    @Override
    public void deleteOtaPackage(String packageId) {
        ota.delete(packageId);
    }

    @Override
    public boolean assignOtaPackage(String device, String packageId, OtaFaults faults) {
        return ota.assign(devices.require(device), packageId, faults);
    }

    @Override
    public boolean unassignOtaPackage(String device, OtaPackageType type) {
        return ota.unassign(devices.require(device), type);
    }

    @Override
    public Optional<OtaProgress> otaProgress(String device, OtaPackageType type) {
        return Optional.ofNullable(devices.require(device).ota(type)).map(OtaAssignment::progress);
    }

    @Override
    public OtaProgress awaitOtaState(String device, OtaPackageType type, String state, Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return awaitState(() -> Optional.ofNullable(entry.ota(type)).map(OtaAssignment::progress)
                .filter(progress -> progress.states().contains(state)),
            EventFilter.all().device(device).type(EventType.TELEMETRY), timeout,
            () -> type.prefix() + "_state " + state + " from device '" + device + "'"
                + otaProgress(device, type).map(p -> " (states so far: " + p.states() + ")").orElse(" (no package assigned)"));
    }

    // --- shared attributes ------------------------------------------------------------------------------

    @Override
    public boolean setSharedAttributes(String device, Map<String, ?> values) {
        DeviceEntry entry = devices.require(device);
        Map<String, KvValue> typed = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            KvValue kv = value instanceof KvValue given ? given : ValueTyping.typed(JavaValues.tree(value, key));
            if (kv != null) {
                typed.put(key, kv);
            }
        });
        return updateShared(entry, typed);
    }

    @Override
    public boolean setSharedAttributesJson(String device, String jsonObject) {
        DeviceEntry entry = devices.require(device);
        if (!(parse(jsonObject, "attributes") instanceof Map<?, ?> object)) {
            throw new InvalidRequestException("attributes", "shared attributes must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) object;
        return updateShared(entry, ValueTyping.typed(values));
    }

    private boolean updateShared(DeviceEntry device, Map<String, KvValue> values) {
        if (values.isEmpty()) {
            throw new InvalidRequestException("attributes", "no attribute to set (null values are dropped)");
        }
        return attributes.updateShared(device, values);
    }

    @Override
    public boolean deleteSharedAttributes(String device, String... keys) {
        if (keys.length == 0) {
            throw new InvalidRequestException("keys", "name at least one attribute key to delete");
        }
        return attributes.deleteShared(devices.require(device), List.of(keys));
    }

    // --- server-side RPC --------------------------------------------------------------------------------

    @Override
    public ServerRpc submitRpc(String device, RpcRequest request) {
        return rpc.submit(devices.require(device), request).snapshot();
    }

    @Override
    public CompletableFuture<ServerRpc> sendRpcAsync(String device, RpcRequest request) {
        return rpc.submit(devices.require(device), request).done();
    }

    @Override
    public ServerRpc sendRpc(String device, RpcRequest request) {
        return sendRpcAsync(device, request).join(); // completes by the RPC's own timeout at the latest
    }

    @Override
    public List<ServerRpc> rpcs(String device) {
        return devices.require(device).rpc().all().stream().map(ServerRpcRecord::snapshot)
            .collect(Collectors.toList());
    }

    @Override
    public ServerRpc rpc(String device, int id) {
        return record(device, id).snapshot();
    }

    @Override
    public ServerRpc awaitRpcResponse(String device, int id, Duration timeout) {
        ServerRpcRecord record = record(device, id);
        try {
            return record.done().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timedOut("RPC " + id + " of device '" + device + "' to finish (it is " + record.snapshot().status()
                + ")", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TbMockException("interrupted while waiting for RPC " + id, e);
        } catch (ExecutionException e) {
            throw new TbMockException("RPC " + id + " failed", e.getCause());
        }
    }

    private ServerRpcRecord record(String device, int id) {
        ServerRpcRecord record = devices.require(device).rpc().get(id);
        if (record == null) {
            throw new NotFoundException("device '" + device + "' has no RPC with id " + id);
        }
        return record;
    }

    // --- client-side RPC --------------------------------------------------------------------------------

    @Override
    public void stubClientRpc(ClientRpcStub stub) {
        if (stub.method().isBlank()) {
            throw new InvalidRequestException("method", "method must not be blank");
        }
        if (stub.delay().isNegative()) {
            throw new InvalidRequestException("delayMs", "the delay must not be negative");
        }
        if (stub.device() != null) {
            devices.require(stub.device());
        }
        stubs.add(new ClientRpcStub(stub.method(), JsonWriter.tree(parse(stub.response(), "response")),
            stub.device(), stub.delay()));
    }

    @Override
    public void clearClientRpcStubs() {
        stubs.clear();
    }

    @Override
    public List<ClientRpcRequest> clientRpcRequests(String device) {
        return devices.require(device).clientRpc().all();
    }

    @Override
    public ClientRpcRequest awaitClientRpc(String device, String method, Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return awaitState(() -> {
                List<ClientRpcRequest> all = entry.clientRpc().all();
                for (int i = all.size() - 1; i >= 0; i--) {
                    if (all.get(i).method().equals(method)) {
                        return Optional.of(all.get(i));
                    }
                }
                return Optional.empty();
            }, EventFilter.all().device(device).type(EventType.CLIENT_RPC_REQUEST), timeout,
            () -> "a client-side RPC '" + method + "' from device '" + device + "'");
    }

    // --- attribute requests and claiming ---------------------------------------------------------------

    @Override
    public Event awaitAttributeRequest(String device, Duration timeout) {
        devices.require(device);
        return awaitEvent(EventFilter.all().device(device).type(EventType.ATTRIBUTE_REQUEST), timeout);
    }

    @Override
    public Optional<ClaimRequest> claim(String device) {
        return devices.require(device).claim().current();
    }

    @Override
    public ClaimRequest awaitClaim(String device, Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return awaitState(() -> entry.claim().current(), EventFilter.all().device(device).type(EventType.CLAIM),
            timeout, () -> "a claiming request from device '" + device + "'");
    }

    // --- event journal ----------------------------------------------------------------------------------

    @Override
    public EventPage events(EventFilter filter) {
        return journal.read(filter);
    }

    @Override
    public CompletableFuture<EventPage> eventsAsync(EventFilter filter, Duration timeout) {
        return journal.await(filter, timeout);
    }

    @Override
    public Event awaitEvent(EventFilter filter, Duration timeout) {
        List<Event> events = journal.await(filter.limit(1), timeout).join().events();
        if (events.isEmpty()) {
            throw timedOut("an event: " + filter, timeout);
        }
        return events.get(0);
    }

    @Override
    public SessionInfo awaitConnected(String device, Duration timeout) {
        String id = devices.require(device).id();
        return awaitState(() -> Optional.ofNullable(sessions.current(id)).filter(DeviceSession::ready)
                .map(DeviceSession::info),
            EventFilter.all().device(device).type(EventType.CONNECT), timeout,
            () -> "device '" + device + "' to connect");
    }

    @Override
    public void awaitDisconnected(String device, Duration timeout) {
        String id = devices.require(device).id();
        awaitState(() -> sessions.current(id) != null ? Optional.empty() : Optional.of(Boolean.TRUE),
            EventFilter.all().device(device).type(EventType.DISCONNECT), timeout,
            () -> "device '" + device + "' to disconnect");
    }

    @Override
    public KvValue awaitClientAttribute(String device, String key, Predicate<KvValue> matcher, Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return awaitState(() -> Optional.ofNullable(entry.clientAttributes().snapshot().get(key)).filter(matcher),
            EventFilter.all().device(device).type(EventType.ATTRIBUTES), timeout,
            () -> "client attribute '" + key + "' of device '" + device + "'"
                + Optional.ofNullable(entry.clientAttributes().snapshot().get(key))
                    .map(v -> " (current value: " + v + ")").orElse(""));
    }

    @Override
    public TsValue awaitTelemetry(String device, String key, Predicate<KvValue> matcher, Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return awaitState(() -> entry.telemetry().find(key, matcher),
            EventFilter.all().device(device).type(EventType.TELEMETRY), timeout,
            () -> "telemetry '" + key + "' of device '" + device + "'"
                + entry.telemetry().latest(key).map(v -> " (latest value: " + v.value() + ")").orElse(""));
    }

    /**
     * Waits until {@code state} yields a value, re-checking whenever an event of {@code trigger} arrives.
     * The journal position is read before each check, so an event between check and wait is not missed.
     */
    private <T> T awaitState(Supplier<Optional<T>> state, EventFilter trigger, Duration timeout,
                             Supplier<String> expectation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = journal.lastSeq();
            Optional<T> value = state.get();
            if (value.isPresent()) {
                return value.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(expectation.get(), timeout);
            }
            journal.await(trigger.after(seen), Duration.ofNanos(left)).join();
        }
    }

    private WaitTimeoutException timedOut(String expectation, Duration timeout) {
        StringBuilder message = new StringBuilder("Timed out after ").append(timeout.toMillis())
            .append(" ms waiting for ").append(expectation).append(".");
        List<Event> tail = journal.tail(TAIL_IN_FAILURES);
        if (tail.isEmpty()) {
            message.append(" No events were recorded.");
        } else {
            message.append(" Last ").append(tail.size()).append(" events:");
            tail.forEach(event -> message.append("\n  ").append(event));
        }
        return new WaitTimeoutException(message.toString());
    }

    /** Lenient JSON text to the parsed tree the rules type; bad JSON names the field. */
    private static Object parse(String json, String field) {
        try {
            return DeviceJson.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (PayloadException e) {
            throw new InvalidRequestException(field, field + " is " + e.getMessage());
        }
    }

    private Device toDevice(DeviceEntry entry) {
        return entry.toDevice(sessions.connected(entry.id()));
    }
}
