package io.tbmock.server.internal.tb;

import io.tbmock.server.TbMockException;
import io.tbmock.server.internal.state.ClientRpcStubs;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.internal.state.OtaPackages;
import io.tbmock.server.internal.state.ProvisionProfiles;
import io.tbmock.server.model.ServerStats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The mock's state as a whole: forgetting all of it or what was recorded, counting it, and ending it at stop. */
public final class MockState {
    /** A connection that does not close within this (a stuck peer) does not hold a reset up. */
    private static final Duration RESET_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final DeviceRegistry devices;
    private final SessionRegistry sessions;
    private final SyncPolls polls;
    private final ProvisionProfiles profiles;
    private final ProfileService deviceProfiles;
    private final FaultService faults;
    private final OtaPackages packages;
    private final ClientRpcStubs stubs;
    private final EventJournal journal;
    private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();

    public MockState(DeviceRegistry devices, SessionRegistry sessions, SyncPolls polls, ProvisionProfiles profiles,
                     ProfileService deviceProfiles, FaultService faults, OtaPackages packages, ClientRpcStubs stubs, EventJournal journal) {
        this.devices = devices;
        this.polls = polls;
        this.sessions = sessions;
        this.profiles = profiles;
        this.deviceProfiles = deviceProfiles;
        this.faults = faults;
        this.packages = packages;
        this.stubs = stubs;
        this.journal = journal;
    }

    /** Runs {@code listener} at every reset, once the core has forgotten its devices, profiles and packages. */
    public void onReset(Runnable listener) {
        resetListeners.add(listener);
    }

    /**
     * Forgets everything and closes every session; completes once they are closed, so nothing of them is
     * journaled afterwards.
     */
    public CompletableFuture<Void> reset() {
        List<DeviceEntry> forgotten = devices.all();
        devices.clear(); // first, so no device can authenticate while the sessions close
        polls.clear();
        stubs.clear();
        profiles.clear();
        deviceProfiles.clear();
        faults.clear(); // before the sessions close: a fault must not bite what the reset does
        packages.clear();
        resetListeners.forEach(Runnable::run);
        forgotten.forEach(DeviceEntry::clearRecordedData); // ends unfinished RPCs, so nobody waits on them
        CompletableFuture<?>[] closing = sessions.unclosed().stream()
            .map(session -> session.close("the mock was reset", ReasonCode.ADMINISTRATIVE_ACTION)).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(closing)
            .completeOnTimeout(null, RESET_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .thenRun(journal::clear);
    }

    /** Forgets what devices sent and were sent; devices, shared attributes, stubs and sessions stay. */
    public void resetData() {
        devices.all().forEach(DeviceEntry::clearRecordedData);
        journal.clear();
    }

    /** One pass over the devices, without copying them: a test or a dashboard may ask often, of a large fleet. */
    public ServerStats stats() {
        int count = 0;
        int connected = 0;
        long telemetryDropped = 0;
        long rpcDropped = 0;
        long clientRpcDropped = 0;
        for (DeviceEntry device : devices.unordered()) {
            count++;
            if (sessions.connected(device.id())) {
                connected++;
            }
            telemetryDropped += device.telemetry().dropped();
            rpcDropped += device.rpc().dropped();
            clientRpcDropped += device.clientRpc().dropped();
        }
        return new ServerStats(count, connected, journal.size(), journal.dropped(), telemetryDropped, rpcDropped,
            clientRpcDropped, journal.pendingWaits(), journal.lastSeq());
    }

    /** The server stopped: every wait in progress fails with {@code stopped}, every unfinished RPC ends FAILED. */
    public void stop(TbMockException stopped) {
        journal.close(stopped);
        devices.all().forEach(device -> device.rpc().failUnfinished(stopped.getMessage()));
    }
}
