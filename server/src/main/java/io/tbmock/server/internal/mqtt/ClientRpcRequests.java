package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.mqtt.Topics.Family;
import io.tbmock.server.internal.state.ClientRpcLog;
import io.tbmock.server.internal.tb.ClientRpcService;
import io.tbmock.server.internal.tb.DeviceContext;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.FaultService;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.PayloadCodec;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewFault;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Client-side RPC over MQTT (docs/thingsboard-mqtt.md §7): {@code {"method","params"}} on {@code …/rpc/request/{id}},
 * answered on {@code …/rpc/response/{id}} in the family of the latest request, on the session that asked;
 * {@code getSessionLimits} on v1 is answered at once by the transport itself, as ThingsBoard's does.
 */
final class ClientRpcRequests {
    static final String SESSION_LIMITS = "getSessionLimits";
    /** ThingsBoard's default per-device limit of unacknowledged messages. */
    private static final int MAX_INFLIGHT_MESSAGES = 100;

    private final ClientRpcService clientRpc;
    private final Exchanges exchanges;
    private final MqttDownlinks downlinks;
    private final IntSupplier maxPacketSize;
    private final FaultService faults;

    ClientRpcRequests(ClientRpcService clientRpc, Exchanges exchanges, MqttDownlinks downlinks,
                      IntSupplier maxPacketSize, FaultService faults) {
        this.faults = faults;
        this.clientRpc = clientRpc;
        this.exchanges = exchanges;
        this.downlinks = downlinks;
        this.maxPacketSize = maxPacketSize;
    }

    UplinkResult request(DeviceSession session, DeviceContext speaking, UplinkTopic uplink, String topic,
                         byte[] payload) {
        int id;
        ClientRpcService.Request request;
        try {
            id = uplink.requestId();
            request = speaking.codec().clientRpcRequest(payload);
        } catch (PayloadException e) {
            return UplinkResult.refused(e);
        }
        session.clientRpcRequested(uplink.family());
        ClientRpcService.Pending pending = clientRpc.record(speaking, topic, payload, id, request.method(),
            request.params());
        if (request.method().equals(SESSION_LIMITS) && uplink.family() == Family.V1) {
            answer(session, id, pending.entry(), sessionLimits(session));
        } else {
            clientRpc.whenDue(pending, () -> answer(session, id, pending.entry(), pending.response()));
        }
        return UplinkResult.ACK;
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
        Family family = session.clientRpcResponses();
        PayloadCodec codec = session.downlinkCodec(family);
        downlinks.sendEncoded(session, codec, EventType.CLIENT_RPC_RESPONSE, family.rpcResponse(id),
            codec.clientRpcResponse(id, response), null);
    }

    /**
     * ThingsBoard's SessionLimits JSON: the device's rate limits as a RATE_LIMIT fault sets them (docs/faults.md),
     * null where none is set.
     */
    private String sessionLimits(DeviceSession session) {
        NewFault set = faults.rateLimits(session.device().name());
        Consumer<JsonWriter> deviceLimits = limits -> limits.field("messages", set == null ? null : set.messages())
            .field("telemetryMessages", set == null ? null : set.telemetryMessages())
            .field("telemetryDataPoints", set == null ? null : set.telemetryDataPoints());
        Consumer<JsonWriter> noLimits = limits -> limits.field("messages", (String) null)
            .field("telemetryMessages", (String) null).field("telemetryDataPoints", (String) null);
        return JsonWriter.object(json -> {
            json.field("maxPayloadSize", maxPacketSize.getAsInt()).field("maxInflightMessages", MAX_INFLIGHT_MESSAGES)
                .object("rateLimits", deviceLimits);
            if (session.device().gateway()) {
                json.object("gatewayRateLimits", noLimits);
            }
        });
    }
}
