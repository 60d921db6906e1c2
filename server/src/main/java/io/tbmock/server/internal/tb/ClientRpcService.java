package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.internal.state.ClientRpcLog;
import io.tbmock.server.internal.state.ClientRpcStubs;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.tb.Topics.Family;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.EventType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Client-side RPC (docs/thingsboard-mqtt.md §7): a device's {@code {"method","params"}} on {@code …/rpc/request/{id}} is
 * recorded and answered on {@code …/rpc/response/{id}} in the family of the latest request. ThingsBoard's
 * default rule chain never answers, so without a stub the device gets {@code {"error":"timeout"}} after
 * the client-RPC timeout; {@code getSessionLimits} on v1 is answered at once, as the transport does.
 */
public final class ClientRpcService {
    static final String SESSION_LIMITS = "getSessionLimits";
    /** What ThingsBoard's transport sends when no reply came in time. */
    static final String TIMEOUT_RESPONSE = JsonWriter.object(json -> json.field("error", "timeout"));
    /** ThingsBoard's default per-device limit of unacknowledged messages. */
    private static final int MAX_INFLIGHT_MESSAGES = 100;

    private final DeviceRegistry devices;
    private final ClientRpcStubs stubs;
    private final Exchanges exchanges;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final Duration timeout;
    private final IntSupplier maxPacketSize;

    public ClientRpcService(DeviceRegistry devices, ClientRpcStubs stubs, Exchanges exchanges,
                            ScheduledExecutorService scheduler, LongSupplier clock, Duration timeout,
                            IntSupplier maxPacketSize) {
        this.devices = devices;
        this.stubs = stubs;
        this.exchanges = exchanges;
        this.scheduler = scheduler;
        this.clock = clock;
        this.timeout = timeout;
        this.maxPacketSize = maxPacketSize;
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

    UplinkResult request(DeviceSession session, UplinkTopic uplink, String topic, byte[] payload) {
        int id;
        String method;
        String params;
        try {
            id = AttributeService.requestId(uplink.suffix());
            if (!(DeviceJson.parse(payload) instanceof Map<?, ?> request)) {
                throw new PayloadException("a client-side RPC request must be a JSON object");
            }
            if (request.get("method") == null) {
                throw PayloadException.escaping("\"method\" is missing (ThingsBoard fails on it and closes the session)");
            }
            method = GsonValues.asString(request.get("method"), "method");
            params = JsonWriter.tree(request.get("params"));
        } catch (PayloadException e) {
            return UplinkResult.refused(e);
        }
        session.clientRpcRequested(uplink.family());
        exchanges.received(session, EventType.CLIENT_RPC_REQUEST, topic, payload, null);
        ClientRpcLog.Entry entry = session.device().clientRpc().add(id, method, params, clock.getAsLong());
        if (method.equals(SESSION_LIMITS) && uplink.family() == Family.V1) {
            answer(session, id, entry, sessionLimits(session));
            return UplinkResult.ACK;
        }
        Optional<ClientRpcStub> stub = stubs.find(session.device().name(), method);
        if (stub.isPresent() && stub.get().delay().isZero()) {
            answer(session, id, entry, stub.get().response());
        } else {
            Duration wait = stub.map(ClientRpcStub::delay).orElse(timeout);
            String response = stub.map(ClientRpcStub::response).orElse(TIMEOUT_RESPONSE);
            scheduler.schedule(() -> answer(session, id, entry, response), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        return UplinkResult.ACK;
    }

    /**
     * A client-side RPC from a request that waits for its answer (HTTP, docs/thingsboard-http.md §9): recorded with
     * request id 0; completes with a stub's answer, or {@code {"error":"timeout"}} after the client-RPC timeout,
     * or with null at {@code sessionTimeout} when that comes first (ThingsBoard's request times out then).
     * Unlike MQTT, {@code params} is required.
     */
    CompletableFuture<String> syncRequest(DeviceContext from, String where, byte[] payload, Duration sessionTimeout)
        throws PayloadException {
        if (!(DeviceJson.parse(payload) instanceof Map<?, ?> request)) {
            throw new PayloadException("a client-side RPC request must be a JSON object");
        }
        if (request.get("method") == null || request.get("params") == null) {
            throw PayloadException.escaping("a client-side RPC request needs \"method\" and \"params\"");
        }
        String method = GsonValues.asString(request.get("method"), "method");
        String params = JsonWriter.tree(request.get("params"));
        exchanges.received(from, EventType.CLIENT_RPC_REQUEST, where, payload, null);
        ClientRpcLog.Entry entry = from.device().clientRpc().add(0, method, params, clock.getAsLong());
        Optional<ClientRpcStub> stub = stubs.find(from.device().name(), method);
        Duration wait = stub.map(ClientRpcStub::delay).orElse(timeout);
        String response = stub.map(ClientRpcStub::response).orElse(TIMEOUT_RESPONSE);
        CompletableFuture<String> answer = new CompletableFuture<>();
        if (wait.compareTo(sessionTimeout) >= 0) { // the request's own timer was set first, so it fires first
            scheduler.schedule(() -> answer.complete(null), sessionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } else if (wait.isZero()) {
            answer.complete(response);
        } else {
            scheduler.schedule(() -> answer.complete(response), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        return answer.thenApply(answered -> {
            if (answered == null) {
                exchanges.answered(from, EventType.CLIENT_RPC_RESPONSE, where, null, "no answer within "
                    + sessionTimeout.toMillis() + " ms: the request timed out (HTTP 408)");
            } else if (!entry.forgotten()) {
                entry.answered(answered);
                exchanges.answered(from, EventType.CLIENT_RPC_RESPONSE, where, answered, null);
            }
            return answered;
        });
    }

    /** Answers on the session that asked, if it is still open (not closed, nor taken over by a newer one). */
    private void answer(DeviceSession session, int id, ClientRpcLog.Entry entry, String response) {
        if (entry.forgotten()) {
            return;
        }
        if (!session.isOpen()) {
            exchanges.notSent(session.device().name(), EventType.CLIENT_RPC_RESPONSE, null, response,
                "the session that sent request " + id + " is gone");
            return;
        }
        entry.answered(response);
        exchanges.send(session, EventType.CLIENT_RPC_RESPONSE, session.clientRpcResponses().rpcResponse(id), response);
    }

    /** ThingsBoard's SessionLimits JSON; tbmock configures no rate limits, so they are null. */
    private String sessionLimits(DeviceSession session) {
        Consumer<JsonWriter> noLimits = limits -> limits.field("messages", (String) null)
            .field("telemetryMessages", (String) null).field("telemetryDataPoints", (String) null);
        return JsonWriter.object(json -> {
            json.field("maxPayloadSize", maxPacketSize.getAsInt()).field("maxInflightMessages", MAX_INFLIGHT_MESSAGES)
                .object("rateLimits", noLimits);
            if (session.device().gateway()) {
                json.object("gatewayRateLimits", noLimits);
            }
        });
    }
}
