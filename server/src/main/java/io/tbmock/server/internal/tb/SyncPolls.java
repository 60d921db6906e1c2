package io.tbmock.server.internal.tb;

import io.tbmock.server.device.DeviceGoneException;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.ServerRpcRecord;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The polls devices hold open over a request-response transport (HTTP's long polls: ThingsBoard's SYNC
 * sessions), by device id: each waits for one attribute update or one server-side RPC and is done with it. A
 * poll given up (its future cancelled, on the transport's timeout) leaves the list by itself.
 *
 * <p>Whether a device has ever polled for RPC is remembered too: ThingsBoard's device actor keeps that
 * subscription after the poll ends, and hands a one-way RPC sent meanwhile to nobody.
 */
public final class SyncPolls {
    /** One device's open polls. */
    private static final class Open {
        final Set<CompletableFuture<byte[]>> attributeUpdates = ConcurrentHashMap.newKeySet();
        final Set<CompletableFuture<ServerRpcRecord>> rpcRequests = ConcurrentHashMap.newKeySet();
        volatile boolean polledForRpc;
    }

    /** ThingsBoard's answer to a poll of a device deleted meanwhile. */
    private static final String DELETED = "Device was deleted!";

    private final Map<String, Open> byDevice = new ConcurrentHashMap<>();

    private Open of(String deviceId) {
        return byDevice.computeIfAbsent(deviceId, id -> new Open());
    }

    void awaitAttributeUpdate(DeviceEntry device, CompletableFuture<byte[]> poll) {
        Set<CompletableFuture<byte[]>> polls = of(device.id()).attributeUpdates;
        polls.add(poll);
        poll.whenComplete((update, failure) -> polls.remove(poll));
        failIfGone(device, poll);
    }

    void awaitRpc(DeviceEntry device, CompletableFuture<ServerRpcRecord> poll) {
        Open open = of(device.id());
        open.polledForRpc = true;
        open.rpcRequests.add(poll);
        poll.whenComplete((rpc, failure) -> open.rpcRequests.remove(poll));
        failIfGone(device, poll);
    }

    /** A device deleted while its poll registered: {@link #deviceGone} may have run before the poll was there. */
    private void failIfGone(DeviceEntry device, CompletableFuture<?> poll) {
        if (device.removed()) {
            poll.completeExceptionally(new DeviceGoneException(DELETED));
            byDevice.remove(device.id());
        }
    }

    /** The polls waiting for an attribute update, now no longer waiting: each is the caller's to complete. */
    List<CompletableFuture<byte[]>> takeAttributePolls(String deviceId) {
        Open open = byDevice.get(deviceId);
        return open == null ? List.of() : take(open.attributeUpdates);
    }

    /** The polls waiting for an RPC, now no longer waiting. */
    List<CompletableFuture<ServerRpcRecord>> takeRpcPolls(String deviceId) {
        Open open = byDevice.get(deviceId);
        return open == null ? List.of() : take(open.rpcRequests);
    }

    /** Whether the device has polled for RPC at least once (the subscription ThingsBoard keeps after it). */
    boolean polledForRpc(String deviceId) {
        Open open = byDevice.get(deviceId);
        return open != null && open.polledForRpc;
    }

    private static <T> List<CompletableFuture<T>> take(Set<CompletableFuture<T>> polls) {
        List<CompletableFuture<T>> taken = List.copyOf(polls);
        polls.removeAll(taken);
        return taken;
    }

    /** The device is gone: its polls fail with ThingsBoard's "Device was deleted!", and it is forgotten. */
    public void deviceGone(String deviceId) {
        Open open = byDevice.remove(deviceId);
        if (open != null) {
            DeviceGoneException gone = new DeviceGoneException(DELETED);
            take(open.attributeUpdates).forEach(poll -> poll.completeExceptionally(gone));
            take(open.rpcRequests).forEach(poll -> poll.completeExceptionally(gone));
        }
    }

    /** Every device is gone (a reset). */
    public void clear() {
        List.copyOf(byDevice.keySet()).forEach(this::deviceGone);
    }
}
