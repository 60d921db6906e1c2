package io.tbmock.server.internal;

import io.tbmock.server.MockSetup;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.internal.tb.AttributeService;
import io.tbmock.server.internal.tb.ClientRpcService;
import io.tbmock.server.internal.tb.DeviceService;
import io.tbmock.server.internal.tb.DeviceWaits;
import io.tbmock.server.internal.tb.MockState;
import io.tbmock.server.internal.tb.OtaService;
import io.tbmock.server.internal.tb.FaultService;
import io.tbmock.server.internal.tb.ProfileService;
import io.tbmock.server.internal.tb.ProvisionService;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tls.ServerPki;
import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceAttributes;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.OtaProgress;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.server.model.ServerStats;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static io.tbmock.server.internal.state.Waits.block;

/**
 * The {@link TbMock}: each call is delegated to the core service that owns it, where defaults and limits
 * are checked for the Java API and the admin API alike; the blocking waits are the core's futures, blocked on.
 */
public final class DefaultTbMock implements TbMock {
    private final MockState state;
    private final DeviceService devices;
    private final ProvisionService provisioning;
    private final ProfileService profiles;
    private final FaultService faults;
    private final OtaService ota;
    private final AttributeService attributes;
    private final ServerRpcService rpc;
    private final ClientRpcService clientRpc;
    private final DeviceWaits waits;
    private final EventJournal journal;
    private final Supplier<CompletableFuture<ServerPki>> pki;
    private final MockSetup setup;

    public DefaultTbMock(MockState state, DeviceService devices, ProvisionService provisioning,
                         ProfileService profiles, FaultService faults, OtaService ota,
                         AttributeService attributes, ServerRpcService rpc, ClientRpcService clientRpc,
                         DeviceWaits waits, EventJournal journal, Supplier<CompletableFuture<ServerPki>> pki,
                         MockSetup setup) {
        this.setup = setup;
        this.state = state;
        this.devices = devices;
        this.provisioning = provisioning;
        this.profiles = profiles;
        this.faults = faults;
        this.ota = ota;
        this.attributes = attributes;
        this.rpc = rpc;
        this.clientRpc = clientRpc;
        this.waits = waits;
        this.journal = journal;
        this.pki = pki;
    }

    // --- server -----------------------------------------------------------------------------------------

    @Override
    public void reset() {
        block(resetAsync());
    }

    @Override
    public CompletableFuture<Void> resetAsync() {
        // Off the thread that closed the last session (an event loop): the setup makes devices and packages.
        return state.reset().thenComposeAsync(forgotten -> setup.apply(this));
    }

    @Override
    public void resetData() {
        state.resetData();
    }

    @Override
    public String caCertificatePem() {
        return block(caCertificatePemAsync());
    }

    @Override
    public CompletableFuture<String> caCertificatePemAsync() {
        return pki.get().thenApply(ready -> ready.ca().certificatePem());
    }

    @Override
    public ServerStats stats() {
        return state.stats();
    }

    // --- devices ----------------------------------------------------------------------------------------

    @Override
    public Device createDevice(NewDevice device) {
        return block(createDeviceAsync(device));
    }

    @Override
    public CompletableFuture<Device> createDeviceAsync(NewDevice device) {
        return devices.create(device);
    }

    @Override
    public List<Device> devices() {
        return devices.all();
    }

    @Override
    public List<Device> children(String gateway) {
        return devices.children(gateway);
    }

    @Override
    public Device device(String name) {
        return devices.get(name);
    }

    @Override
    public Device deviceById(String id) {
        return devices.getById(id);
    }

    @Override
    public Device updateCredentials(String device, DeviceCredentials credentials) {
        return devices.updateCredentials(device, credentials);
    }

    @Override
    public Device renameDevice(String name, String newName) {
        return devices.rename(name, newName);
    }

    @Override
    public void deleteDevice(String name) {
        block(deleteDeviceAsync(name));
    }

    @Override
    public CompletableFuture<Void> deleteDeviceAsync(String name) {
        return devices.delete(name);
    }

    @Override
    public DeviceState deviceState(String device) {
        return devices.state(device);
    }

    @Override
    public SessionInfo session(String device) {
        return devices.session(device);
    }

    @Override
    public void disconnect(String device) {
        devices.disconnect(device, ReasonCode.NONE);
    }

    @Override
    public void disconnect(String device, int reasonCode) {
        devices.disconnect(device, reasonCode);
    }

    // --- provisioning ------------------------------------------------------------------------------------

    @Override
    public ProvisionProfile createProvisionProfile(ProvisionProfile profile) {
        return provisioning.createProfile(profile);
    }

    @Override
    public List<ProvisionProfile> provisionProfiles() {
        return provisioning.profiles();
    }

    @Override
    public void deleteProvisionProfile(String name) {
        provisioning.deleteProfile(name);
    }

    // --- device profiles ---------------------------------------------------------------------------------

    @Override
    public DeviceProfile saveDeviceProfile(DeviceProfile profile) {
        return profiles.save(profile);
    }

    @Override
    public List<DeviceProfile> deviceProfiles() {
        return profiles.all();
    }

    @Override
    public DeviceProfile deviceProfile(String name) {
        return profiles.get(name);
    }

    @Override
    public void deleteDeviceProfile(String name) {
        profiles.delete(name);
    }

    // --- faults ------------------------------------------------------------------------------------------

    @Override
    public Fault addFault(NewFault fault) {
        return faults.add(fault);
    }

    @Override
    public List<Fault> faults() {
        return faults.all();
    }

    @Override
    public Fault fault(String id) {
        return faults.find(id).orElseThrow(() -> new NotFoundException("no fault with id '" + id + "'"));
    }

    @Override
    public Fault awaitFault(String id, int firings, Duration timeout) {
        return block(awaitFaultAsync(id, firings, timeout));
    }

    @Override
    public CompletableFuture<Fault> awaitFaultAsync(String id, int firings, Duration timeout) {
        return waits.faultFired(id, firings, timeout);
    }

    @Override
    public void removeFault(String id) {
        faults.remove(id);
    }

    @Override
    public void clearFaults() {
        faults.clear();
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
        return ota.assign(device, packageId, faults);
    }

    @Override
    public boolean unassignOtaPackage(String device, OtaPackageType type) {
        return ota.unassign(device, type);
    }

    @Override
    public Optional<OtaProgress> otaProgress(String device, OtaPackageType type) {
        return ota.progress(device, type);
    }

    @Override
    public OtaProgress awaitOtaState(String device, OtaPackageType type, String state, Duration timeout) {
        return block(awaitOtaStateAsync(device, type, state, timeout));
    }

    @Override
    public CompletableFuture<OtaProgress> awaitOtaStateAsync(String device, OtaPackageType type, String state,
                                                             Duration timeout) {
        return waits.otaState(device, type, state, timeout);
    }

    // --- recorded data ----------------------------------------------------------------------------------

    @Override
    public Map<String, List<TsValue>> telemetry(String device, String... keys) {
        return devices.telemetry(device, keys);
    }

    @Override
    public Map<String, KvValue> latestTelemetry(String device, String... keys) {
        return devices.latestTelemetry(device, keys);
    }

    @Override
    public DeviceAttributes attributes(String device) {
        return devices.attributes(device);
    }

    @Override
    public List<AttributeKv> attributes(String device, AttributeScope scope) {
        return devices.attributes(device, scope);
    }

    @Override
    public void saveTelemetryJson(String device, String json) {
        devices.saveTelemetryJson(device, json);
    }

    @Override
    public int deleteTelemetry(String device, long fromTs, long toTs, String... keys) {
        return devices.deleteTelemetry(device, fromTs, toTs, keys);
    }

    @Override
    public void setServerAttributesJson(String device, String jsonObject) {
        attributes.setServerJson(device, jsonObject);
    }

    @Override
    public boolean deleteAttributes(String device, AttributeScope scope, String... keys) {
        return attributes.delete(device, scope, keys);
    }

    @Override
    public void setClientAttributesJson(String device, String jsonObject) {
        attributes.setClientJson(device, jsonObject);
    }

    // --- shared attributes ------------------------------------------------------------------------------

    @Override
    public boolean setSharedAttributes(String device, Map<String, ?> values) {
        return attributes.setShared(device, values);
    }

    @Override
    public boolean setSharedAttributesJson(String device, String jsonObject) {
        return attributes.setSharedJson(device, jsonObject);
    }

    @Override
    public boolean deleteSharedAttributes(String device, String... keys) {
        return attributes.deleteShared(device, keys);
    }

    // --- server-side RPC --------------------------------------------------------------------------------

    @Override
    public ServerRpc submitRpc(String device, RpcRequest request) {
        return rpc.submit(device, request).snapshot();
    }

    @Override
    public CompletableFuture<ServerRpc> sendRpcAsync(String device, RpcRequest request) {
        return rpc.submit(device, request).done();
    }

    @Override
    public ServerRpc sendRpc(String device, RpcRequest request) {
        return block(sendRpcAsync(device, request)); // completes by the RPC's own timeout at the latest
    }

    @Override
    public List<ServerRpc> rpcs(String device) {
        return rpc.all(device).stream().map(ServerRpcRecord::snapshot).collect(Collectors.toList());
    }

    @Override
    public ServerRpc rpc(String device, int id) {
        return rpc.get(device, id).snapshot();
    }

    @Override
    public ServerRpc awaitRpcResponse(String device, int id, Duration timeout) {
        return block(waits.rpcFinished(device, id, timeout));
    }

    // --- client-side RPC --------------------------------------------------------------------------------

    @Override
    public void stubClientRpc(ClientRpcStub stub) {
        clientRpc.stub(stub);
    }

    @Override
    public List<ClientRpcStub> clientRpcStubs() {
        return clientRpc.stubs();
    }

    @Override
    public void clearClientRpcStubs() {
        clientRpc.clearStubs();
    }

    @Override
    public List<ClientRpcRequest> clientRpcRequests(String device) {
        return devices.clientRpcRequests(device);
    }

    @Override
    public ClientRpcRequest awaitClientRpc(String device, String method, Duration timeout) {
        return block(waits.clientRpc(device, method, timeout));
    }

    // --- attribute requests and claiming ---------------------------------------------------------------

    @Override
    public Event awaitAttributeRequest(String device, Duration timeout) {
        return block(waits.attributeRequest(device, timeout));
    }

    @Override
    public Optional<ClaimRequest> claim(String device) {
        return devices.claim(device);
    }

    @Override
    public ClaimRequest awaitClaim(String device, Duration timeout) {
        return block(waits.claim(device, timeout));
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
        return block(waits.event(filter, timeout));
    }

    @Override
    public void addEventListener(Consumer<Event> listener) {
        journal.listen(listener);
    }

    @Override
    public void removeEventListener(Consumer<Event> listener) {
        journal.unlisten(listener);
    }

    @Override
    public SessionInfo awaitConnected(String device, Duration timeout) {
        return block(waits.connected(device, timeout));
    }

    @Override
    public void awaitDisconnected(String device, Duration timeout) {
        block(waits.disconnected(device, timeout));
    }

    @Override
    public KvValue awaitClientAttribute(String device, String key, Predicate<KvValue> matcher, Duration timeout) {
        return block(waits.clientAttribute(device, key, matcher, timeout));
    }

    @Override
    public TsValue awaitTelemetry(String device, String key, Predicate<KvValue> matcher, Duration timeout) {
        return block(waits.telemetry(device, key, matcher, timeout));
    }
}
