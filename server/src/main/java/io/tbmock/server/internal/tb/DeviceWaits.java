package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.OtaAssignment;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.internal.state.Waits;
import io.tbmock.server.internal.state.Waits.Expectation;
import io.tbmock.server.internal.waits.Expected;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.OtaProgress;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * What each wait of the Java API waits for: the state that ends it, the events that may change that state,
 * and how its failure describes what was expected. Every wait is a future ({@link Waits}); an unknown device
 * fails at once with a {@link io.tbmock.server.NotFoundException}.
 */
public final class DeviceWaits {
    /** ThingsBoard's OtaPackageUpdateStatus, in the order an update goes through them. */
    static final List<String> OTA_STATES = List.of("QUEUED", "INITIATED", "DOWNLOADING", "DOWNLOADED", "VERIFIED",
        "UPDATING", "UPDATED", "FAILED");

    private final DeviceRegistry devices;
    private final SessionRegistry sessions;
    private final ServerRpcService rpc;
    private final FaultService faults;
    private final Waits waits;

    public DeviceWaits(DeviceRegistry devices, SessionRegistry sessions, ServerRpcService rpc, FaultService faults,
                       Waits waits) {
        this.devices = devices;
        this.sessions = sessions;
        this.rpc = rpc;
        this.faults = faults;
        this.waits = waits;
    }

    public CompletableFuture<SessionInfo> connected(String device, Duration timeout) {
        String id = devices.require(device).id();
        return waits.until(() -> Optional.ofNullable(sessions.current(id)).filter(SessionListener::isOpen)
                .map(SessionListener::info),
            trigger(device, EventType.CONNECT), timeout, () -> expect(device, Expected.connect(device)));
    }

    public CompletableFuture<Boolean> disconnected(String device, Duration timeout) {
        String id = devices.require(device).id();
        return waits.until(() -> sessions.current(id) != null ? Optional.empty() : Optional.of(Boolean.TRUE),
            trigger(device, EventType.DISCONNECT), timeout, () -> expect(device, Expected.disconnect(device)));
    }

    public CompletableFuture<TsValue> telemetry(String device, String key, Predicate<KvValue> matcher, Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return waits.until(() -> entry.telemetry().find(key, matcher), trigger(device, EventType.TELEMETRY), timeout,
            () -> expect(device, Expected.telemetry(device, key, entry.telemetry().latest(key).map(TsValue::value))));
    }

    public CompletableFuture<KvValue> clientAttribute(String device, String key, Predicate<KvValue> matcher,
                                                      Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return waits.until(() -> Optional.ofNullable(entry.clientAttributes().snapshot().get(key)).filter(matcher),
            trigger(device, EventType.ATTRIBUTES), timeout,
            () -> expect(device, Expected.clientAttribute(device, key,
                Optional.ofNullable(entry.clientAttributes().snapshot().get(key)))));
    }

    /** The latest client-side RPC of the method. */
    public CompletableFuture<ClientRpcRequest> clientRpc(String device, String method, Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return waits.until(() -> {
                List<ClientRpcRequest> all = entry.clientRpc().all();
                for (int i = all.size() - 1; i >= 0; i--) {
                    if (all.get(i).method().equals(method)) {
                        return Optional.of(all.get(i));
                    }
                }
                return Optional.empty();
            }, trigger(device, EventType.CLIENT_RPC_REQUEST), timeout,
            () -> expect(device, Expected.clientRpc(device, method)));
    }

    public CompletableFuture<ClaimRequest> claim(String device, Duration timeout) {
        DeviceEntry entry = devices.require(device);
        return waits.until(() -> entry.claim().current(), trigger(device, EventType.CLAIM), timeout,
            () -> expect(device, Expected.claim(device)));
    }

    public CompletableFuture<Event> attributeRequest(String device, Duration timeout) {
        devices.require(device);
        return waits.event(trigger(device, EventType.ATTRIBUTE_REQUEST), timeout);
    }

    /**
     * Until the device has reported {@code state} for the type since the assignment.
     *
     * @throws InvalidRequestException not one of ThingsBoard's states: a wait for it could only time out
     */
    public CompletableFuture<OtaProgress> otaState(String device, OtaPackageType type, String state, Duration timeout) {
        if (!OTA_STATES.contains(state)) {
            throw new InvalidRequestException("state", "no OTA state '" + state + "': ThingsBoard's are "
                + String.join(", ", OTA_STATES));
        }
        DeviceEntry entry = devices.require(device);
        return waits.until(() -> progress(entry, type).filter(progress -> progress.states().contains(state)),
            trigger(device, EventType.TELEMETRY), timeout,
            () -> expect(device, Expected.otaState(device, type, state, progress(entry, type).map(OtaProgress::states))));
    }

    /** Until the RPC is final. */
    public CompletableFuture<ServerRpc> rpcFinished(String device, int id, Duration timeout) {
        ServerRpcRecord record = rpc.get(device, id);
        return waits.within(record.done(), timeout,
            () -> expect(device, Expected.rpcFinished(device, id, record.snapshot().status())));
    }

    /**
     * Until the fault has fired {@code firings} times; checked again at each {@code FAULT} event.
     *
     * @throws NotFoundException no fault in force or ended lately has the id
     */
    public CompletableFuture<Fault> faultFired(String id, int firings, Duration timeout) {
        if (firings < 1) {
            throw new InvalidRequestException("fired", "a wait is for at least 1 firing");
        }
        faults.find(id).orElseThrow(() -> new NotFoundException("no fault with id '" + id + "'"));
        return waits.until(() -> faults.find(id).filter(fault -> fault.fired() >= firings),
            EventFilter.all().type(EventType.FAULT), timeout, () -> new Expectation(
                Expected.faultFired(id, firings, faults.find(id).map(Fault::fired)), null));
    }

    public CompletableFuture<Event> event(EventFilter filter, Duration timeout) {
        return waits.event(filter, timeout);
    }

    private static Optional<OtaProgress> progress(DeviceEntry entry, OtaPackageType type) {
        return Optional.ofNullable(entry.ota(type)).map(OtaAssignment::progress);
    }

    private static EventFilter trigger(String device, EventType type) {
        return EventFilter.all().device(device).type(type);
    }

    private static Expectation expect(String device, String description) {
        return new Expectation(description, device);
    }
}
