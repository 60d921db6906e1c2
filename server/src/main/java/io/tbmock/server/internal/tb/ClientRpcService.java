package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.internal.state.ClientRpcLog;
import io.tbmock.server.internal.state.ClientRpcStubs;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.EventType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Client-side RPC (docs/thingsboard-mqtt.md §7): a device's request is recorded and answered by a stub the test set,
 * or, as ThingsBoard's default rule chain never answers, by {@code {"error":"timeout"}} after the client-RPC
 * timeout. The transport sends the answer its way.
 */
public final class ClientRpcService {
    /** What ThingsBoard's transport sends when no reply came in time. */
    static final String TIMEOUT_RESPONSE = "{\"error\":\"timeout\"}"; // written out: no JSON writer made at start

    private final DeviceRegistry devices;
    private final ClientRpcStubs stubs;
    private final Exchanges exchanges;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final Duration timeout;

    public ClientRpcService(DeviceRegistry devices, ClientRpcStubs stubs, Exchanges exchanges,
                            ScheduledExecutorService scheduler, LongSupplier clock, Duration timeout) {
        this.devices = devices;
        this.stubs = stubs;
        this.exchanges = exchanges;
        this.scheduler = scheduler;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Adds a stub; its answer is kept as compact JSON.
     *
     * @throws InvalidRequestException the method is blank, the answer is not JSON, or the delay is not from 0
     *                                 to {@link ClientRpcStub#MAX_DELAY}
     * @throws io.tbmock.server.NotFoundException the stub is for a device that does not exist
     */
    public void stub(ClientRpcStub stub) {
        if (stub.method().isBlank()) {
            throw new InvalidRequestException("method", "method must not be blank");
        }
        if (stub.delay().isNegative() || stub.delay().compareTo(ClientRpcStub.MAX_DELAY) > 0) {
            throw new InvalidRequestException("delayMs", "'delayMs' must be from 0 to "
                + ClientRpcStub.MAX_DELAY.toMillis() + " ms, was " + stub.delay().toMillis());
        }
        if (stub.device() != null) {
            devices.require(stub.device());
        }
        String response;
        try {
            response = DeviceJson.compact(stub.response());
        } catch (PayloadException e) {
            throw new InvalidRequestException("response", "response is " + e.getMessage());
        }
        stubs.add(new ClientRpcStub(stub.method(), response, stub.device(), stub.delay()));
    }

    public List<ClientRpcStub> stubs() {
        return stubs.all();
    }

    public void clearStubs() {
        stubs.clear();
    }

    /**
     * A device's client-side RPC, recorded, and what will answer it: a stub's answer after its delay, or
     * ThingsBoard's {@code {"error":"timeout"}} after the client-RPC timeout (its default rule chain never answers).
     *
     * @param where   the topic or path it came on, for the journal
     * @param payload the request as the device sent it, for the journal
     */
    public Pending record(DeviceContext from, String where, byte[] payload, int id, String method, String params) {
        exchanges.received(from, EventType.CLIENT_RPC_REQUEST, where, payload, null);
        ClientRpcLog.Entry entry = from.device().clientRpc().add(id, method, params, clock.getAsLong());
        Optional<ClientRpcStub> stub = stubs.find(from.device().name(), method);
        return new Pending(entry, stub.map(ClientRpcStub::response).orElse(TIMEOUT_RESPONSE),
            stub.map(ClientRpcStub::delay).orElse(timeout));
    }

    /** A client-side RPC request: its method, and its params as compact JSON. */
    public record Request(String method, String params) {
    }

    /**
     * A request {@code {"method","params"}} as ThingsBoard's converter reads it: a missing method fails it with an
     * unchecked error; a missing {@code params} too where the transport requires it (HTTP), else it is null.
     *
     * @throws PayloadException not an object, or a field missing or of the wrong kind
     */
    public static Request parse(byte[] payload, boolean paramsRequired) throws PayloadException {
        if (!(DeviceJson.parse(payload) instanceof Map<?, ?> request)) {
            throw new PayloadException("a client-side RPC request must be a JSON object");
        }
        for (String field : paramsRequired ? new String[] {"method", "params"} : new String[] {"method"}) {
            if (request.get(field) == null) {
                throw PayloadException.escaping("\"" + field + "\" is missing (ThingsBoard fails on it)");
            }
        }
        return new Request(GsonValues.asString(request.get("method"), "method"), JsonWriter.tree(request.get("params")));
    }

    /** A recorded request, the answer it will get and when. */
    public record Pending(ClientRpcLog.Entry entry, String response, Duration delay) {
    }

    /** Runs {@code answer} once the pending request's answer is due: now, or on the scheduler. */
    public void whenDue(Pending pending, Runnable answer) {
        if (pending.delay().isZero()) {
            answer.run();
        } else {
            scheduler.schedule(answer, pending.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A client-side RPC from a request that waits for its answer (HTTP, docs/thingsboard-http.md §9): recorded with
     * request id 0; completes with a stub's answer, or {@code {"error":"timeout"}} after the client-RPC timeout,
     * or with null at {@code sessionTimeout} when that comes first (ThingsBoard's request times out then).
     * Unlike MQTT, {@code params} is required.
     */
    CompletableFuture<String> syncRequest(DeviceContext from, String where, byte[] payload, Duration sessionTimeout)
        throws PayloadException {
        Request request = parse(payload, true);
        Pending pending = record(from, where, payload, 0, request.method(), request.params());
        CompletableFuture<String> answer = new CompletableFuture<>();
        if (pending.delay().compareTo(sessionTimeout) >= 0) { // the request's own timer was set first: it fires first
            scheduler.schedule(() -> answer.complete(null), sessionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            whenDue(pending, () -> answer.complete(pending.response()));
        }
        return answer.thenApply(answered -> {
            if (answered == null) {
                exchanges.sent(from, EventType.CLIENT_RPC_RESPONSE, where, null, "no answer within "
                    + sessionTimeout.toMillis() + " ms: the request timed out (HTTP 408)");
            } else if (!pending.entry().forgotten()) {
                pending.entry().answered(answered);
                exchanges.sent(from, EventType.CLIENT_RPC_RESPONSE, where, answered, null);
            }
            return answered;
        });
    }
}
