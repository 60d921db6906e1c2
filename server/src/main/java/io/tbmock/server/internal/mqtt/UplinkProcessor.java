package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.tb.ClaimHandler;
import io.tbmock.server.internal.tb.DeviceContext;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.PayloadCodec;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.internal.tb.ServerRpcService;
import io.tbmock.server.internal.tb.Uploads;

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
        UplinkTopic uplink = UplinkTopic.classify(topic, session.topics());
        // The format is the topic family's: the profile's, or one a /j or /p topic forces.
        PayloadCodec codec = uplink.family() == null ? session.codec() : session.uplinkCodec(uplink.family());
        DeviceContext speaking = session.speaking(codec);
        UplinkResult result = route(session, speaking, uplink, topic, qos, payload);
        switch (result.action()) {
            case INVALID:
                return invalid(session, speaking, topic, qos, payload, result.reason());
            case FAILED:
                return failed(speaking, topic, payload, result.reason());
            default:
                return result;
        }
    }

    private UplinkResult route(DeviceSession session, DeviceContext speaking, UplinkTopic uplink, String topic, int qos,
                               byte[] payload) {
        switch (uplink.kind()) {
            case GATEWAY:
                if (!session.device().gateway()) {
                    return UplinkResult.NO_ACK.journaled(exchanges, session, topic, payload,
                        "device is not a gateway: ThingsBoard ignores v1/gateway publishes from it and sends no PUBACK");
                }
                return gateways.process(session, topic, qos, payload);
            case TELEMETRY:
            case ATTRIBUTES:
                return upload(speaking, uplink.kind(), topic, payload);
            case ATTRIBUTE_REQUEST:
                return attributes.request(session, speaking, uplink, topic, payload);
            case RPC_RESPONSE:
                return reply(speaking, uplink, topic, payload);
            case CLIENT_RPC_REQUEST:
                return clientRpc.request(session, speaking, uplink, topic, payload);
            case CLAIM:
                return claim(speaking, topic, payload);
            case FIRMWARE_CHUNK_REQUEST:
            case SOFTWARE_CHUNK_REQUEST:
                return ota.chunk(session, uplink, topic, payload);
            default:
                return UplinkResult.ack(ReasonCode.TOPIC_NAME_INVALID).journaled(exchanges, session, topic, payload,
                    session.isMqtt5() ? "unknown topic: ThingsBoard answers PUBACK 0x90 (topic name invalid) and drops it"
                        : "unknown topic: ThingsBoard acknowledges and drops it");
        }
    }

    /**
     * A payload ThingsBoard's adaptor rejects, answered as {@link UplinkResult#invalidPayload} says, with the
     * profile's {@code sendAckOnValidationException}.
     */
    private UplinkResult invalid(DeviceSession session, DeviceContext speaking, String topic, int qos, byte[] payload,
                                 String problem) {
        UplinkResult answer = UplinkResult.invalidPayload(session.isMqtt5(),
            session.profile().mqtt().sendAckOnValidationException(), qos, "invalid payload on " + topic + ": " + problem);
        return answer.journaled(exchanges, speaking, topic, payload, answer.reason());
    }

    /** A payload ThingsBoard fails on with an unchecked error: the connection closes (MQTT 5: DISCONNECT 0x8B). */
    private UplinkResult failed(DeviceContext session, String topic, byte[] payload, String problem) {
        String reason = "invalid payload on " + topic + ": " + problem
            + "; ThingsBoard fails on it with an unchecked error and closes the connection without a PUBACK";
        return UplinkResult.close(reason, ReasonCode.SERVER_SHUTTING_DOWN).journaled(exchanges, session, topic, payload,
            reason);
    }

    private UplinkResult upload(DeviceContext session, UplinkKind kind, String topic, byte[] payload) {
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
    private UplinkResult reply(DeviceContext session, UplinkTopic uplink, String topic, byte[] payload) {
        int id;
        byte[] reply;
        try {
            id = uplink.requestId();
            reply = session.codec().rpcReply(payload);
        } catch (PayloadException e) {
            return UplinkResult.refused(e.caught()); // ThingsBoard's adaptor catches every runtime error here
        }
        rpc.replied(session, topic, id, payload, reply);
        return UplinkResult.ACK;
    }

    /** {@code v1/devices/me/claim}: an optional JSON object (protobuf ClaimDevice); the device only ever sees a PUBACK. */
    private UplinkResult claim(DeviceContext session, String topic, byte[] payload) {
        try {
            claims.offer(session, topic, session.codec().claim(payload), payload);
        } catch (PayloadException e) {
            return UplinkResult.refused(e);
        }
        return UplinkResult.ACK;
    }
}
