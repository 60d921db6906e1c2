package io.tbmock.server.internal.tb;

import io.tbmock.server.device.DeviceLink;
import io.tbmock.server.device.OtaDownload;
import io.tbmock.server.device.PayloadRefusedException;
import io.tbmock.server.device.PolledRpc;
import io.tbmock.server.device.RequestFault;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.OtaPackageType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A device as one request of a request-response transport reaches the core (ThingsBoard's SYNC session):
 * each call goes to the rule that serves it over MQTT too, and what ThingsBoard counts as activity is reported to
 * the device state service. Payloads are JSON (ThingsBoard's HTTP transport ignores the device profile).
 */
final class SyncLink implements DeviceLink, DeviceContext {
    private final DeviceEntry device;
    private final String transport;
    private final ThingsBoardCore core;

    SyncLink(DeviceEntry device, String transport, ThingsBoardCore core) {
        this.device = device;
        this.transport = transport;
        this.core = core;
    }

    @Override
    public DeviceEntry device() {
        return device;
    }

    @Override
    public String clientId() {
        return null;
    }

    @Override
    public String gatewayName() {
        return null;
    }

    @Override
    public String transport() {
        return transport;
    }

    /** JSON: ThingsBoard's HTTP transport ignores the device profile's payload type. */
    @Override
    public JsonCodec codec() {
        return JsonCodec.INSTANCE;
    }

    @Override
    public String deviceName() {
        return device.name();
    }

    @Override
    public RequestFault fault(String where, boolean upload, byte[] telemetry) {
        FaultService faults = core.faults();
        String name = device.name();
        NewFault refuse = faults.fire(FaultKind.REFUSE_CONNECT, name, transport(), null, "refused " + where);
        if (refuse != null) {
            return new RequestFault(RequestFault.Effect.REFUSE, 0, refuse.reasonCode());
        }
        if (faults.admit(name, transport(), telemetry != null, () -> codec().dataPoints(telemetry), null,
            "refused " + where + ": the rate limit") != null) {
            return new RequestFault(RequestFault.Effect.RATE_LIMITED, 0, 0);
        }
        NewFault stall = faults.fire(FaultKind.STALL, name, transport(), null, "stalled " + where);
        if (stall != null) {
            return new RequestFault(RequestFault.Effect.STALL, stall.stallMs(), 0);
        }
        NewFault delay = faults.fire(upload ? FaultKind.DELAY_PUBACK : FaultKind.DELAY_DOWNLINK, name, transport(), null,
            "delayed the answer to " + where);
        return delay == null ? null : new RequestFault(RequestFault.Effect.DELAY, delay.delayMs(), 0);
    }

    @Override
    public int telemetry(String where, byte[] payload) throws PayloadRefusedException {
        int entries;
        try {
            entries = core.uploads().telemetry(this, where, payload);
        } catch (PayloadException e) {
            throw refused(where, payload, e);
        }
        active();
        return entries;
    }

    @Override
    public void attributes(String where, byte[] payload) throws PayloadRefusedException {
        try {
            core.uploads().attributes(this, where, payload);
        } catch (PayloadException e) {
            throw refused(where, payload, e);
        }
        active();
    }

    @Override
    public byte[] attributes(String where, Set<String> clientKeys, Set<String> sharedKeys) {
        active();
        core.exchanges().received(this, EventType.ATTRIBUTE_REQUEST, where, (String) null, null);
        byte[] response = AttributeService.selection(device, codec(), 0, new RequestedKeys(clientKeys, sharedKeys));
        core.exchanges().sent(this, EventType.ATTRIBUTE_RESPONSE, where, codec().describe(EventType.ATTRIBUTE_RESPONSE,
            response), null);
        return response;
    }

    @Override
    public CompletableFuture<byte[]> nextAttributeUpdate(String where) {
        active();
        CompletableFuture<byte[]> poll = new CompletableFuture<>();
        // Journaled before the transport sees it, so whatever the device received is in the journal already.
        CompletableFuture<byte[]> update = poll.thenApply(bytes -> {
            core.exchanges().sent(this, EventType.ATTRIBUTE_UPDATE, where, codec().describe(EventType.ATTRIBUTE_UPDATE, bytes),
                null);
            return bytes;
        });
        update.whenComplete((bytes, failure) -> poll.cancel(false)); // giving up the answer gives up the poll
        core.polls().awaitAttributeUpdate(device, poll);
        core.exchanges().received(this, EventType.SUBSCRIBE, where, (String) null, null);
        return update;
    }

    @Override
    public CompletableFuture<PolledRpc> nextRpc(String where) {
        active();
        CompletableFuture<ServerRpcRecord> poll = new CompletableFuture<>();
        CompletableFuture<PolledRpc> polled = poll.thenApply(rpc -> new Polled(rpc, where));
        // Giving up the answer gives up the poll: it no longer waits among the device's polls.
        polled.whenComplete((rpc, failure) -> poll.cancel(false));
        core.rpc().poll(device, poll);
        // Journaled once the poll waits, so whoever saw the SUBSCRIBE and then deletes the device ends the poll.
        core.exchanges().received(this, EventType.SUBSCRIBE, where, (String) null, null);
        return polled;
    }

    /** An RPC handed to this link's poll, journaled and counted delivered once written. */
    private final class Polled implements PolledRpc {
        private final ServerRpcRecord rpc;
        private final String where;
        private final byte[] body;

        Polled(ServerRpcRecord rpc, String where) {
            this.rpc = rpc;
            this.where = where;
            this.body = codec().rpcRequest(rpc, true);
        }

        @Override
        public int id() {
            return rpc.id();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public void written() {
            core.exchanges().sent(SyncLink.this, EventType.RPC_REQUEST, where, codec().describe(EventType.RPC_REQUEST, body),
                null);
            rpc.polled();
        }
    }

    @Override
    public void rpcReply(String where, int id, byte[] payload) {
        active();
        core.rpc().replied(this, where, id, payload, payload);
    }

    @Override
    public CompletableFuture<byte[]> clientRpc(String where, byte[] request, Duration sessionTimeout)
        throws PayloadRefusedException {
        CompletableFuture<String> answer;
        try {
            answer = core.clientRpc().syncRequest(this, where, request, sessionTimeout);
        } catch (PayloadException e) {
            throw refused(where, request, e);
        }
        active();
        return answer.thenApply(text -> text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void claim(String where, byte[] payload) throws PayloadRefusedException {
        try {
            core.claims().offer(this, where, payload.length == 0 ? Map.of() : DeviceJson.parse(payload),
                new String(payload, StandardCharsets.UTF_8));
        } catch (PayloadException e) {
            throw refused(where, payload, e);
        }
        active();
    }

    @Override
    public OtaDownload ota(String where, OtaPackageType type, String title, String version, int size, int chunk) {
        return core.ota().download(this, where, type, title, version, size, chunk); // no activity, as in ThingsBoard
    }

    /** What ThingsBoard's transport service records as activity: a request it took (one it could read). */
    private void active() {
        core.states().activity(device);
    }

    private PayloadRefusedException refused(String where, byte[] payload, PayloadException problem) {
        core.exchanges().received(this, EventType.REJECTED, where, payload, problem.getMessage());
        return new PayloadRefusedException(problem.getMessage(), problem.unparsable());
    }
}
