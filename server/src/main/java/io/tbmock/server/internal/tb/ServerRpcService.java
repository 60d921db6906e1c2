package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.ServerRpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Server-side RPC (docs/thingsboard-mqtt.md §6): sent as {@code {"method","params"}} on {@code …/rpc/request/{id}} once the
 * device is subscribed, queued until then, all pending ones at once on subscribe (ThingsBoard's BURST
 * strategy); correlated with the device's reply by id; timed out by the scheduler.
 */
public final class ServerRpcService {
    private final DeviceRegistry devices;
    private final SessionRegistry sessions;
    private final Exchanges exchanges;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final SyncPolls polls;

    public ServerRpcService(DeviceRegistry devices, SessionRegistry sessions, SyncPolls polls, Exchanges exchanges,
                            ScheduledExecutorService scheduler, LongSupplier clock) {
        this.polls = polls;
        this.devices = devices;
        this.sessions = sessions;
        this.exchanges = exchanges;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Creates the RPC and sends it if the device is subscribed; its {@code done()} completes when it is final.
     *
     * @throws InvalidRequestException the method is blank, the params are not JSON, or the timeout is not
     *                                 from 1 ms to {@link RpcRequest#MAX_TIMEOUT}
     */
    public ServerRpcRecord submit(String deviceName, RpcRequest request) {
        DeviceEntry device = devices.require(deviceName);
        if (request.method().isBlank()) {
            throw new InvalidRequestException("method", "method must not be blank");
        }
        if (request.timeout().compareTo(Duration.ofMillis(1)) < 0 || request.timeout().compareTo(RpcRequest.MAX_TIMEOUT) > 0) {
            throw new InvalidRequestException("timeoutMs", "'timeoutMs' must be from 1 to "
                + RpcRequest.MAX_TIMEOUT.toMillis() + " ms, was " + request.timeout().toMillis());
        }
        String params;
        try {
            params = DeviceJson.compact(request.params());
        } catch (PayloadException e) {
            throw new InvalidRequestException("params", "params is " + e.getMessage());
        }
        long now = clock.getAsLong();
        long timeoutMs = request.timeout().toMillis();
        ServerRpcRecord rpc = device.rpc().create(request.method(), params, request.oneway(), now, now + timeoutMs);
        ScheduledFuture<?> expiry = scheduler.schedule(() -> {
            if (rpc.timedOut() && !device.removed()) {
                exchanges.timedOut(device.name(), EventType.RPC_TIMEOUT, JsonWriter.object(json -> json.field("id", rpc.id())
                    .field("method", rpc.method())), whyTimedOut(rpc.snapshot(), timeoutMs));
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        rpc.done().whenComplete((finished, failure) -> expiry.cancel(false)); // long timeouts hold nothing
        SessionListener session = sessions.current(device.id());
        if (session != null) {
            session.onServerRpc(rpc);
        }
        handToPolls(device, rpc);
        return rpc;
    }

    /**
     * The device's open HTTP polls get its first unfinished RPC. With none open, a device that polled before
     * loses a one-way RPC nobody else took: ThingsBoard's actor keeps the ended poll's subscription and counts
     * the RPC delivered to it (docs/thingsboard-http.md §8).
     */
    private void handToPolls(DeviceEntry device, ServerRpcRecord rpc) {
        List<CompletableFuture<ServerRpcRecord>> waiting = polls.takeRpcPolls(device.id());
        if (!waiting.isEmpty()) {
            ServerRpcRecord first = device.rpc().firstUnfinished();
            waiting.forEach(poll -> poll.complete(first));
        } else if (rpc.oneway() && !rpc.claimed() && polls.polledForRpc(device.id())) {
            rpc.polled();
            exchanges.notSent(device.name(), EventType.RPC_REQUEST, null,
                JsonCodec.INSTANCE.describe(EventType.RPC_REQUEST, JsonCodec.INSTANCE.rpcRequest(rpc, true)),
                "lost: the device's last HTTP poll for RPC had ended, and ThingsBoard hands a one-way RPC to it all the"
                    + " same");
        }
    }

    /**
     * A poll for RPC (HTTP): completes with the device's first unfinished RPC, now or once one is sent; counts as
     * subscribing, so the device's MQTT session is not involved.
     */
    void poll(DeviceEntry device, CompletableFuture<ServerRpcRecord> poll) {
        polls.awaitRpc(device, poll);
        ServerRpcRecord pending = device.rpc().firstUnfinished();
        if (pending != null) {
            poll.complete(pending);
        }
    }

    /** What became of an RPC that timed out: never sent, sent and not acknowledged, or not replied to. */
    private static String whyTimedOut(ServerRpc rpc, long timeoutMs) {
        String within = " within " + timeoutMs + " ms";
        if (!rpc.sent()) {
            return "not delivered" + within + ": the device was not connected and subscribed to RPC requests";
        }
        return rpc.oneway() ? "sent, but not acknowledged" + within + " (a one-way RPC awaits no reply, only the PUBACK)"
            : "sent, but no reply" + within;
    }

    public List<ServerRpcRecord> all(String deviceName) {
        return devices.require(deviceName).rpc().all();
    }

    /** @throws NotFoundException the device has no RPC with that id */
    public ServerRpcRecord get(String deviceName, int id) {
        ServerRpcRecord record = devices.require(deviceName).rpc().get(id);
        if (record == null) {
            throw new NotFoundException("device '" + deviceName + "' has no RPC with id " + id);
        }
        return record;
    }

    /** The device subscribed to RPC requests: everything it has not acknowledged goes out now, oldest first. */
    public void subscribed(SessionListener session) {
        session.device().rpc().awaitingDelivery().forEach(session::onServerRpc);
    }

    /**
     * The device's reply to RPC {@code id}, by any transport: {@code payload} as it came, journaled as its codec
     * reads it, and {@code reply} the text the codec read from it (JSON kept as is, anything else as
     * {@code {"error":"<text>"}}); a reply to an unknown, one-way or finished RPC is journaled and ignored, as
     * ThingsBoard does.
     */
    public void replied(DeviceContext from, String where, int id, byte[] payload, byte[] reply) {
        Reply read = replyOf(reply);
        ServerRpcRecord rpc = from.device().rpc().get(id);
        boolean awaited = rpc != null && rpc.replied(read.stored(), read.nonJson());
        exchanges.received(from, EventType.RPC_RESPONSE, where, payload, awaited ? null : notAwaited(id));
    }

    /**
     * A reply already read as JSON ({@code data}, a gateway's for its child), journaled as {@code text}; as for a
     * device's own, one nobody awaits is ignored.
     */
    public void repliedJson(DeviceContext from, String where, String text, int id, String data) {
        ServerRpcRecord rpc = from.device().rpc().get(id);
        boolean awaited = rpc != null && rpc.replied(data, false);
        exchanges.received(from, EventType.RPC_RESPONSE, where, text, awaited ? null : notAwaited(id));
    }

    private static String notAwaited(int id) {
        return "no RPC with id " + id + " awaits a reply (unknown, one-way or finished): ignored, as ThingsBoard does";
    }

    /** A reply as ThingsBoard stores it, and whether it was not JSON (its REST API answers that with 406). */
    private record Reply(String stored, boolean nonJson) {
    }

    /** JSON as is; anything else as {@code {"error":"<text>"}}; empty as null. */
    private static Reply replyOf(byte[] payload) {
        if (payload.length == 0) {
            return new Reply(null, false);
        }
        try {
            return new Reply(JsonWriter.tree(DeviceJson.parseStrict(payload)), false);
        } catch (PayloadException notJson) {
            return new Reply(JsonWriter.object(json -> json.field("error", new String(payload, StandardCharsets.UTF_8))),
                true);
        }
    }
}
