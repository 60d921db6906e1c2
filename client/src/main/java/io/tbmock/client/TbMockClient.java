package io.tbmock.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.client.internal.AdminHttp;
import io.tbmock.client.internal.EventFeed;
import io.tbmock.client.internal.JournalWaits;
import io.tbmock.client.internal.ModelJson;
import io.tbmock.client.internal.TrustedCertificates;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.internal.waits.Expected;
import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceAttributes;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.EventType;
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
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import javax.net.ssl.SSLContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.tbmock.client.internal.AdminHttp.join;
import static io.tbmock.client.internal.AdminHttp.query;
import static io.tbmock.client.internal.AdminHttp.segment;

/**
 * The {@link TbMock} handle of a tbmock running elsewhere (the jar, a container), over its admin REST API:
 * the same operations, waits, exceptions and failure messages as the in-process handle, so a test does not
 * change when tbmock moves out of its JVM. Waits long-poll the server's journal; no call sleeps. One difference
 * the admin API imposes: a shared attribute given as a string {@link KvValue} that reads as a number
 * ({@code "42"}) is stored as the number, as ThingsBoard's REST API stores it.
 *
 * <pre>{@code
 * TbMock tb = TbMockClient.connect("http://localhost:8080");
 * tb.createDevice(NewDevice.named("dev-1").credentials(DeviceCredentials.token("T1")));
 * tb.awaitTelemetry("dev-1", "temperature", Duration.ofSeconds(10));
 * }</pre>
 */
public final class TbMockClient implements TbMock, AutoCloseable {
    private final AdminHttp http;
    private final JournalWaits waits;
    private final EventFeed feed;

    private TbMockClient(AdminHttp http) {
        this.http = http;
        this.waits = new JournalWaits(http);
        this.feed = new EventFeed(waits);
    }

    /**
     * A handle of the tbmock whose admin API is at {@code url}: {@code http://host:8080}, or with the
     * {@code /admin} path. Nothing is sent until the first call.
     */
    public static TbMockClient connect(String url) {
        return builder(url).connect();
    }

    /**
     * A handle of a tbmock started with an admin token ({@code --admin-token}), or over HTTPS
     * ({@code --admin-https}): {@code TbMockClient.builder("https://host:8080").adminToken("s3cret")
     * .trustedCertificates(caPem).connect()}.
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** How to reach a tbmock's admin API. */
    public static final class Builder {
        private final URI admin;
        private String adminToken;
        private SSLContext tls;

        private Builder(String url) {
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            this.admin = URI.create(base.endsWith("/admin") ? base : base + "/admin");
        }

        /** Sent as {@code Authorization: Bearer <token>} on every call. */
        public Builder adminToken(String token) {
            this.adminToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Trust, for an {@code https} URL, the server certificates these PEM certificates sign: tbmock's CA
         * ({@code ca.pem} of its {@code --state-dir}, or {@code tbmock certs}), or the certificate given with
         * {@code --tls-cert}. Without it, the JVM's default trust store decides.
         *
         * @throws IllegalArgumentException the text holds no PEM certificate
         */
        public Builder trustedCertificates(String pem) {
            this.tls = TrustedCertificates.sslContext(pem);
            return this;
        }

        /** The handle; nothing is sent until its first call. */
        public TbMockClient connect() {
            HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
            if (tls != null) {
                http.sslContext(tls);
            }
            return new TbMockClient(new AdminHttp(http.build(), admin, adminToken));
        }
    }

    // --- server -----------------------------------------------------------------------------------------

    @Override
    public void reset() {
        join(resetAsync());
    }

    @Override
    public CompletableFuture<Void> resetAsync() {
        return http.post("/reset", "").thenApply(done -> null);
    }

    @Override
    public String caCertificatePem() {
        return join(caCertificatePemAsync());
    }

    @Override
    public CompletableFuture<String> caCertificatePemAsync() {
        return http.getText("/certs/ca.pem");
    }

    @Override
    public ServerStats stats() {
        return ModelJson.stats(join(http.get("/stats")));
    }

    @Override
    public void resetData() {
        join(http.post("/reset/data", ""));
    }

    // --- devices ----------------------------------------------------------------------------------------

    @Override
    public Device createDevice(NewDevice device) {
        return join(createDeviceAsync(device));
    }

    @Override
    public CompletableFuture<Device> createDeviceAsync(NewDevice device) {
        return http.post("/devices", ModelJson.newDevice(device)).thenApply(ModelJson::device);
    }

    @Override
    public List<Device> devices() {
        return ModelJson.list(join(http.get("/devices")), ModelJson::device);
    }

    @Override
    public Device device(String name) {
        return ModelJson.device(join(http.get(devicePath(name))));
    }

    @Override
    public Device deviceById(String id) {
        return ModelJson.device(join(http.get("/device-ids/" + segment(id))));
    }

    @Override
    public Device updateCredentials(String device, DeviceCredentials credentials) {
        return ModelJson.device(join(http.post(devicePath(device) + "/credentials",
            ModelJson.credentialsBody(credentials))));
    }

    @Override
    public List<Device> children(String gateway) {
        return ModelJson.list(join(http.get(devicePath(gateway) + "/children")), ModelJson::device);
    }

    @Override
    public void deleteDevice(String name) {
        join(deleteDeviceAsync(name));
    }

    @Override
    public CompletableFuture<Void> deleteDeviceAsync(String name) {
        return http.delete(devicePath(name)).thenApply(deleted -> null);
    }

    @Override
    public Device renameDevice(String name, String newName) {
        return join(http.post(devicePath(name) + "/rename", Map.of("name", newName)).thenApply(ModelJson::device));
    }

    @Override
    public DeviceState deviceState(String device) {
        return join(http.get(devicePath(device) + "/state").thenApply(ModelJson::deviceState));
    }

    @Override
    public SessionInfo session(String device) {
        return join(sessionAsync(device));
    }

    @Override
    public void disconnect(String device) {
        join(http.post(devicePath(device) + "/disconnect", ""));
    }

    @Override
    public void disconnect(String device, int reasonCode) {
        join(http.post(devicePath(device) + "/disconnect", Map.of("reasonCode", reasonCode)));
    }

    // --- provisioning ------------------------------------------------------------------------------------

    @Override
    public ProvisionProfile createProvisionProfile(ProvisionProfile profile) {
        return ModelJson.provisionProfile(join(http.post("/provision-profiles",
            ModelJson.provisionProfileBody(profile))));
    }

    @Override
    public List<ProvisionProfile> provisionProfiles() {
        return ModelJson.list(join(http.get("/provision-profiles")), ModelJson::provisionProfile);
    }

    @Override
    public void deleteProvisionProfile(String name) {
        join(http.delete("/provision-profiles/" + segment(name)));
    }

    // --- device profiles ---------------------------------------------------------------------------------

    @Override
    public DeviceProfile saveDeviceProfile(DeviceProfile profile) {
        return ModelJson.deviceProfile(join(http.post("/device-profiles", ModelJson.deviceProfileBody(profile))));
    }

    @Override
    public List<DeviceProfile> deviceProfiles() {
        return ModelJson.list(join(http.get("/device-profiles")), ModelJson::deviceProfile);
    }

    @Override
    public DeviceProfile deviceProfile(String name) {
        return ModelJson.deviceProfile(join(http.get("/device-profiles/" + segment(name))));
    }

    @Override
    public void deleteDeviceProfile(String name) {
        join(http.delete("/device-profiles/" + segment(name)));
    }

    // --- faults ------------------------------------------------------------------------------------------

    @Override
    public Fault addFault(NewFault fault) {
        return ModelJson.fault(join(http.post("/faults", ModelJson.faultBody(fault))));
    }

    @Override
    public List<Fault> faults() {
        return ModelJson.list(join(http.get("/faults")), ModelJson::fault);
    }

    @Override
    public Fault fault(String id) {
        return join(faultAsync(id));
    }

    private CompletableFuture<Fault> faultAsync(String id) {
        return http.get("/faults/" + segment(id)).thenApply(ModelJson::fault);
    }

    @Override
    public Fault awaitFault(String id, int firings, Duration timeout) {
        return join(awaitFaultAsync(id, firings, timeout));
    }

    @Override
    public CompletableFuture<Fault> awaitFaultAsync(String id, int firings, Duration timeout) {
        if (firings < 1) {
            throw new InvalidRequestException("fired", "a wait is for at least 1 firing");
        }
        return waits.until(() -> faultAsync(id).thenApply(fault -> Optional.of(fault).filter(f -> f.fired() >= firings)),
            EventFilter.all().type(EventType.FAULT), timeout, null,
            () -> faultAsync(id).thenApply(fault -> Expected.faultFired(id, firings, Optional.of(fault.fired()))));
    }

    @Override
    public void removeFault(String id) {
        join(http.delete("/faults/" + segment(id)));
    }

    @Override
    public void clearFaults() {
        join(http.delete("/faults"));
    }

    // --- OTA --------------------------------------------------------------------------------------------

    @Override
    public OtaPackage uploadOtaPackage(NewOtaPackage spec, byte[] data) {
        StringBuilder path = new StringBuilder("/ota/packages?title=").append(query(spec.title()))
            .append("&version=").append(query(spec.version())).append("&type=").append(spec.type().name());
        if (spec.checksumAlgorithm() != null) {
            path.append("&checksumAlgorithm=").append(spec.checksumAlgorithm().name());
        }
        appendIfSet(path, "checksum", spec.checksum());
        appendIfSet(path, "tag", spec.tag());
        appendIfSet(path, "url", spec.url());
        return ModelJson.otaPackage(join(http.postBytes(path.toString(), data == null ? new byte[0] : data)));
    }

    @Override
    public List<OtaPackage> otaPackages() {
        return ModelJson.list(join(http.get("/ota/packages")), ModelJson::otaPackage);
    }

    @Override
    public OtaPackage otaPackage(String packageId) {
        return ModelJson.otaPackage(join(http.get("/ota/packages/" + segment(packageId))));
    }

    @Override
    public void deleteOtaPackage(String packageId) {
        join(http.delete("/ota/packages/" + segment(packageId)));
    }

    @Override
    public boolean assignOtaPackage(String device, String packageId, OtaFaults faults) {
        return join(http.post(devicePath(device) + "/ota", ModelJson.assignmentBody(packageId, faults)))
            .get("pushed").asBoolean();
    }

    @Override
    public boolean unassignOtaPackage(String device, OtaPackageType type) {
        return join(http.delete(devicePath(device) + "/ota?type=" + type.name())).get("pushed").asBoolean();
    }

    @Override
    public Optional<OtaProgress> otaProgress(String device, OtaPackageType type) {
        return join(otaProgressAsync(device, type));
    }

    @Override
    public OtaProgress awaitOtaState(String device, OtaPackageType type, String state, Duration timeout) {
        return join(awaitOtaStateAsync(device, type, state, timeout));
    }

    @Override
    public CompletableFuture<OtaProgress> awaitOtaStateAsync(String device, OtaPackageType type, String state,
                                                             Duration timeout) {
        return waits.until(() -> otaProgressAsync(device, type)
                .thenApply(progress -> progress.filter(p -> p.states().contains(state))),
            trigger(device, EventType.TELEMETRY), timeout, device,
            () -> otaProgressAsync(device, type).thenApply(progress ->
                Expected.otaState(device, type, state, progress.map(OtaProgress::states))));
    }

    // --- recorded data ----------------------------------------------------------------------------------

    @Override
    public Map<String, List<TsValue>> telemetry(String device, String... keys) {
        return join(telemetryAsync(device, keys));
    }

    @Override
    public Map<String, KvValue> latestTelemetry(String device, String... keys) {
        return ModelJson.values(join(http.get(devicePath(device) + "/telemetry/latest" + keys(keys))));
    }

    @Override
    public DeviceAttributes attributes(String device) {
        return join(attributesAsync(device));
    }

    @Override
    public List<AttributeKv> attributes(String device, AttributeScope scope) {
        return ModelJson.list(join(http.get(devicePath(device) + "/attributes/" + scopeSegment(scope))),
            ModelJson::stampedAttribute);
    }

    @Override
    public void saveTelemetryJson(String device, String json) {
        join(http.post(devicePath(device) + "/telemetry", json));
    }

    @Override
    public int deleteTelemetry(String device, long fromTs, long toTs, String... keys) {
        String path = devicePath(device) + "/telemetry" + keys(keys);
        path += (keys.length == 0 ? "?" : "&") + "startTs=" + fromTs + "&endTs=" + toTs;
        return join(http.delete(path)).get("deleted").asInt();
    }

    @Override
    public void setServerAttributesJson(String device, String jsonObject) {
        join(http.post(devicePath(device) + "/attributes/server", jsonObject));
    }

    @Override
    public boolean deleteAttributes(String device, AttributeScope scope, String... keys) {
        return pushed(http.delete(devicePath(device) + "/attributes/" + scopeSegment(scope) + keys(keys)));
    }

    @Override
    public void setClientAttributesJson(String device, String jsonObject) {
        join(http.post(devicePath(device) + "/attributes/client", jsonObject));
    }

    // --- shared attributes ------------------------------------------------------------------------------

    @Override
    public boolean setSharedAttributes(String device, Map<String, ?> values) {
        return pushed(http.post(devicePath(device) + "/attributes/shared", ModelJson.valuesBody(values)));
    }

    @Override
    public boolean setSharedAttributesJson(String device, String jsonObject) {
        return pushed(http.post(devicePath(device) + "/attributes/shared", jsonObject));
    }

    @Override
    public boolean deleteSharedAttributes(String device, String... keys) {
        return pushed(http.delete(devicePath(device) + "/attributes/shared" + keys(keys)));
    }

    // --- server-side RPC --------------------------------------------------------------------------------

    @Override
    public ServerRpc submitRpc(String device, RpcRequest request) {
        int id = join(http.post(devicePath(device) + "/rpc?wait=false", ModelJson.rpcBody(request))).get("id").asInt();
        return rpc(device, id);
    }

    @Override
    public CompletableFuture<ServerRpc> sendRpcAsync(String device, RpcRequest request) {
        // The answer of a finished RPC is 200 or, for TIMEOUT and FAILED, 504: both carry its id.
        return http.postForAnswer(devicePath(device) + "/rpc", ModelJson.rpcBody(request))
            .thenCompose(response -> {
                JsonNode answer = response.statusCode() / 100 == 2 || response.statusCode() == 504
                    ? idOf(response.body()) : null;
                if (answer == null) {
                    throw AdminHttp.error(response);
                }
                return rpcAsync(device, answer.get("id").asInt());
            });
    }

    @Override
    public ServerRpc sendRpc(String device, RpcRequest request) {
        return join(sendRpcAsync(device, request));
    }

    @Override
    public List<ServerRpc> rpcs(String device) {
        return ModelJson.list(join(http.get(devicePath(device) + "/rpc")), ModelJson::rpc);
    }

    @Override
    public ServerRpc rpc(String device, int id) {
        return join(rpcAsync(device, id));
    }

    @Override
    public ServerRpc awaitRpcResponse(String device, int id, Duration timeout) {
        return join(waits.until(() -> rpcAsync(device, id)
                .thenApply(rpc -> Optional.of(rpc).filter(r -> r.status().isFinal(r.oneway()))),
            EventFilter.all().device(device), timeout, device,
            () -> rpcAsync(device, id).thenApply(rpc -> Expected.rpcFinished(device, id, rpc.status()))));
    }

    // --- client-side RPC --------------------------------------------------------------------------------

    @Override
    public List<ClientRpcStub> clientRpcStubs() {
        return ModelJson.list(join(http.get("/client-rpc/stubs")), ModelJson::stub);
    }

    @Override
    public void stubClientRpc(ClientRpcStub stub) {
        join(http.post("/client-rpc/stubs", ModelJson.stubBody(stub)));
    }

    @Override
    public void clearClientRpcStubs() {
        join(http.delete("/client-rpc/stubs"));
    }

    @Override
    public List<ClientRpcRequest> clientRpcRequests(String device) {
        return join(clientRpcRequestsAsync(device));
    }

    @Override
    public ClientRpcRequest awaitClientRpc(String device, String method, Duration timeout) {
        return join(waits.until(() -> clientRpcRequestsAsync(device).thenApply(all -> {
                for (int i = all.size() - 1; i >= 0; i--) {
                    if (all.get(i).method().equals(method)) {
                        return Optional.of(all.get(i));
                    }
                }
                return Optional.<ClientRpcRequest>empty();
            }), trigger(device, EventType.CLIENT_RPC_REQUEST), timeout, device,
            () -> CompletableFuture.completedFuture(Expected.clientRpc(device, method))));
    }

    // --- attribute requests and claiming ---------------------------------------------------------------

    @Override
    public Event awaitAttributeRequest(String device, Duration timeout) {
        device(device); // an unknown device fails at once, as in-process
        return join(waits.event(trigger(device, EventType.ATTRIBUTE_REQUEST), timeout));
    }

    @Override
    public Optional<ClaimRequest> claim(String device) {
        return join(claimAsync(device));
    }

    @Override
    public ClaimRequest awaitClaim(String device, Duration timeout) {
        return join(waits.until(() -> claimAsync(device), trigger(device, EventType.CLAIM), timeout, device,
            () -> CompletableFuture.completedFuture(Expected.claim(device))));
    }

    // --- event journal ----------------------------------------------------------------------------------

    @Override
    public EventPage events(EventFilter filter) {
        return join(waits.poll(filter, Duration.ZERO));
    }

    @Override
    public CompletableFuture<EventPage> eventsAsync(EventFilter filter, Duration timeout) {
        return waits.events(filter, timeout);
    }

    @Override
    public Event awaitEvent(EventFilter filter, Duration timeout) {
        return join(waits.event(filter, timeout));
    }

    @Override
    public void addEventListener(Consumer<Event> listener) {
        feed.add(listener);
    }

    @Override
    public void removeEventListener(Consumer<Event> listener) {
        feed.remove(listener);
    }

    @Override
    public SessionInfo awaitConnected(String device, Duration timeout) {
        return join(waits.until(() -> sessionAsync(device).thenApply(s -> Optional.of(s).filter(SessionInfo::connected)),
            trigger(device, EventType.CONNECT), timeout, device,
            () -> CompletableFuture.completedFuture(Expected.connect(device))));
    }

    @Override
    public void awaitDisconnected(String device, Duration timeout) {
        join(waits.until(() -> sessionAsync(device).thenApply(s -> s.connected() ? Optional.<Boolean>empty()
                : Optional.of(Boolean.TRUE)),
            trigger(device, EventType.DISCONNECT), timeout, device,
            () -> CompletableFuture.completedFuture(Expected.disconnect(device))));
    }

    @Override
    public KvValue awaitClientAttribute(String device, String key, Predicate<KvValue> matcher, Duration timeout) {
        return join(waits.until(() -> attributesAsync(device)
                .thenApply(attributes -> Optional.ofNullable(attributes.client().get(key)).filter(matcher)),
            trigger(device, EventType.ATTRIBUTES), timeout, device,
            () -> attributesAsync(device).thenApply(attributes ->
                Expected.clientAttribute(device, key, Optional.ofNullable(attributes.client().get(key))))));
    }

    @Override
    public TsValue awaitTelemetry(String device, String key, Predicate<KvValue> matcher, Duration timeout) {
        return join(waits.until(() -> telemetryAsync(device, key).thenApply(series -> {
                List<TsValue> values = series.getOrDefault(key, List.of());
                for (int i = values.size() - 1; i >= 0; i--) {
                    if (matcher.test(values.get(i).value())) {
                        return Optional.of(values.get(i));
                    }
                }
                return Optional.<TsValue>empty();
            }), trigger(device, EventType.TELEMETRY), timeout, device,
            () -> telemetryAsync(device, key).thenApply(series -> {
                List<TsValue> values = series.getOrDefault(key, List.of());
                return Expected.telemetry(device, key, values.isEmpty() ? Optional.empty()
                    : Optional.of(values.get(values.size() - 1).value()));
            })));
    }

    /** Stops telling event listeners; the handle's other calls keep working. */
    @Override
    public void close() {
        feed.clear();
    }

    // --- pieces -----------------------------------------------------------------------------------------

    private static String devicePath(String device) {
        return "/devices/" + segment(device);
    }

    private static String scopeSegment(AttributeScope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }

    private static String keys(String... keys) {
        return keys.length == 0 ? "" : "?keys=" + Arrays.stream(keys).map(AdminHttp::query)
            .collect(Collectors.joining(","));
    }

    private static void appendIfSet(StringBuilder path, String name, String value) {
        if (value != null) {
            path.append('&').append(name).append('=').append(query(value));
        }
    }

    private static EventFilter trigger(String device, EventType type) {
        return EventFilter.all().device(device).type(type);
    }

    private static boolean pushed(CompletableFuture<JsonNode> answer) {
        return join(answer).get("pushed").asBoolean();
    }

    private static JsonNode idOf(String body) {
        return AdminHttp.tryParse(body).filter(json -> json.has("id")).orElse(null);
    }

    private CompletableFuture<SessionInfo> sessionAsync(String device) {
        return http.get(devicePath(device) + "/session").thenApply(ModelJson::session);
    }

    private CompletableFuture<Map<String, List<TsValue>>> telemetryAsync(String device, String... keys) {
        return http.get(devicePath(device) + "/telemetry" + keys(keys)).thenApply(ModelJson::timeseries);
    }

    private CompletableFuture<DeviceAttributes> attributesAsync(String device) {
        return http.get(devicePath(device) + "/attributes").thenApply(ModelJson::attributes);
    }

    private CompletableFuture<ServerRpc> rpcAsync(String device, int id) {
        return http.get(devicePath(device) + "/rpc/" + id).thenApply(ModelJson::rpc);
    }

    private CompletableFuture<List<ClientRpcRequest>> clientRpcRequestsAsync(String device) {
        return http.get(devicePath(device) + "/client-rpc").thenApply(json -> ModelJson.list(json, ModelJson::clientRpc));
    }

    private CompletableFuture<Optional<ClaimRequest>> claimAsync(String device) {
        // 404 is both "never asked" and "no such device": the device itself tells which.
        return http.get(devicePath(device) + "/claim").thenApply(json -> Optional.of(ModelJson.claim(json)))
            .exceptionallyCompose(failure -> {
                if (failure.getCause() instanceof NotFoundException) {
                    return http.get(devicePath(device)).thenApply(exists -> Optional.empty());
                }
                return CompletableFuture.failedFuture(failure.getCause() == null ? failure : failure.getCause());
            });
    }

    private CompletableFuture<Optional<OtaProgress>> otaProgressAsync(String device, OtaPackageType type) {
        return http.get(devicePath(device) + "/ota").thenApply(json -> Optional.ofNullable(ModelJson.otaProgress(
            json.get(type == OtaPackageType.FIRMWARE ? "firmware" : "software"))));
    }
}
