package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.tb.ClaimHandler;
import io.tbmock.server.internal.tb.DeviceJson;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.Uploads;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Handles what a device publishes, following ThingsBoard's topic catalogue (docs/thingsboard-mqtt.md §3.1) and its error matrix
 * for the default profile (§4.3): each kind goes to its rule, which stores, journals, answers, and tells the
 * transport whether to acknowledge, stay silent or close; a refused payload is answered here, as
 * ThingsBoard's transport answers it for the session's protocol version and the publish's QoS.
 */
public final class UplinkProcessor {
    private final Exchanges exchanges;
    private final Uploads uploads;
    private final AttributeRequests attributes;
    private final ServerRpcService rpc;
    private final ClientRpcRequests clientRpc;
    private final ClaimHandler claims;
    private final OtaChunks ota;
    private final GatewayService gateways;

    UplinkProcessor(Exchanges exchanges, Uploads uploads, AttributeRequests attributes, ServerRpcService rpc,
                    ClientRpcRequests clientRpc, ClaimHandler claims, OtaChunks ota, GatewayService gateways) {
        this.exchanges = exchanges;
        this.uploads = uploads;
        this.attributes = attributes;
        this.rpc = rpc;
        this.clientRpc = clientRpc;
        this.claims = claims;
        this.ota = ota;
        this.gateways = gateways;
    }

    public UplinkResult process(DeviceSession session, String topic, int qos, byte[] payload) {
        UplinkResult result = route(session, topic, qos, payload);
        switch (result.action()) {
            case INVALID:
                return invalid(session, topic, qos, payload, result.reason());
            case FAILED:
                return failed(session, topic, payload, result.reason());
            default:
                return result;
        }
    }

    private UplinkResult route(DeviceSession session, String topic, int qos, byte[] payload) {
        UplinkTopic uplink = UplinkTopic.classify(topic);
        if (uplink.family() != null && uplink.family().isProtobuf()) {
            return UplinkResult.ACK.journaled(exchanges, session, topic, payload,
                "protobuf payloads (/p topics) are not supported by this tbmock version yet: acknowledged and dropped");
        }
        switch (uplink.kind()) {
            case GATEWAY:
                if (!session.device().gateway()) {
                    return UplinkResult.NO_ACK.journaled(exchanges, session, topic, payload,
                        "device is not a gateway: ThingsBoard ignores v1/gateway publishes from it and sends no PUBACK");
                }
                return gateways.process(session, topic, qos, payload);
            case TELEMETRY:
            case ATTRIBUTES:
                return upload(session, uplink.kind(), topic, payload);
            case ATTRIBUTE_REQUEST:
                return attributes.request(session, uplink, topic, payload);
            case RPC_RESPONSE:
                return reply(session, uplink, topic, payload);
            case CLIENT_RPC_REQUEST:
                return clientRpc.request(session, uplink, topic, payload);
            case CLAIM:
                return claim(session, topic, payload);
            case FIRMWARE_CHUNK_REQUEST:
            case SOFTWARE_CHUNK_REQUEST:
                return ota.chunk(session, uplink, topic, payload);
            default:
                return UplinkResult.ack(ReasonCode.TOPIC_NAME_INVALID).journaled(exchanges, session, topic, payload,
                    session.isMqtt5() ? "unknown topic: ThingsBoard answers PUBACK 0x90 (topic name invalid) and drops it"
                        : "unknown topic: ThingsBoard acknowledges and drops it");
        }
    }

    /** A payload ThingsBoard's adaptor rejects, answered as {@link UplinkResult#invalidPayload} says. */
    private UplinkResult invalid(DeviceSession session, String topic, int qos, byte[] payload, String problem) {
        UplinkResult answer = UplinkResult.invalidPayload(session.isMqtt5(), qos,
            "invalid payload on " + topic + ": " + problem);
        return answer.journaled(exchanges, session, topic, payload, answer.reason());
    }

    /** A payload ThingsBoard fails on with an unchecked error: the connection closes (MQTT 5: DISCONNECT 0x8B). */
    private UplinkResult failed(DeviceSession session, String topic, byte[] payload, String problem) {
        String reason = "invalid payload on " + topic + ": " + problem
            + "; ThingsBoard fails on it with an unchecked error and closes the connection without a PUBACK";
        return UplinkResult.close(reason, ReasonCode.SERVER_SHUTTING_DOWN).journaled(exchanges, session, topic, payload,
            reason);
    }

    private UplinkResult upload(DeviceSession session, UplinkKind kind, String topic, byte[] payload) {
        try {
            if (kind == UplinkKind.TELEMETRY) {
                uploads.telemetry(session, topic, payload);
            } else {
                uploads.attributes(session, topic, payload);
            }
        } catch (PayloadException e) {
            return UplinkResult.refused(e);
        }
        return UplinkResult.ACK;
    }

    /**
     * {@code …/rpc/response/{id}}: the reply completes a two-way RPC. Any bytes are accepted; a reply to an
     * unknown, one-way or finished RPC is acknowledged and ignored, as ThingsBoard does.
     */
    private UplinkResult reply(DeviceSession session, UplinkTopic uplink, String topic, byte[] payload) {
        int id;
        try {
            id = uplink.requestId();
        } catch (PayloadException e) {
            return UplinkResult.refused(e.caught()); // ThingsBoard's adaptor catches every runtime error here
        }
        rpc.replied(session, topic, id, payload);
        return UplinkResult.ACK;
    }

    /** {@code v1/devices/me/claim}: an optional JSON object; the device only ever sees a PUBACK. */
    private UplinkResult claim(DeviceSession session, String topic, byte[] payload) {
        try {
            claims.offer(session, topic, payload.length > 0 ? DeviceJson.parse(payload) : Map.of(),
                new String(payload, StandardCharsets.UTF_8));
        } catch (PayloadException e) {
            return UplinkResult.refused(e);
        }
        return UplinkResult.ACK;
    }
}
