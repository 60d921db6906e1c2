package io.tbmock.server.internal.tb;

/**
 * Handles what a device publishes, following ThingsBoard's topic catalogue (docs/thingsboard-mqtt.md §3.1) and its error matrix
 * for the default profile (§4.3): each kind goes to its rule, which stores, journals, answers, and tells the
 * transport whether to acknowledge, stay silent or close; a refused payload is answered here, as
 * ThingsBoard's transport answers it for the session's protocol version and the publish's QoS.
 */
public final class UplinkProcessor {
    private final Exchanges exchanges;
    private final AttributeService attributes;
    private final ServerRpcService rpc;
    private final ClientRpcService clientRpc;
    private final ClaimHandler claims;
    private final OtaService ota;
    private final GatewayService gateways;
    private final Uploads uploads;

    public UplinkProcessor(Exchanges exchanges, Uploads uploads, AttributeService attributes, ServerRpcService rpc,
                           ClientRpcService clientRpc, ClaimHandler claims, OtaService ota, GatewayService gateways) {
        this.gateways = gateways;
        this.uploads = uploads;
        this.exchanges = exchanges;
        this.attributes = attributes;
        this.rpc = rpc;
        this.clientRpc = clientRpc;
        this.claims = claims;
        this.ota = ota;
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
            return exchanges.notYetSupported(session, topic, payload, "protobuf payloads (/p topics)");
        }
        switch (uplink.kind()) {
            case GATEWAY:
                if (!session.device().gateway()) {
                    return exchanges.reject(session, topic, payload, UplinkResult.NO_ACK,
                        "device is not a gateway: ThingsBoard ignores v1/gateway publishes from it and sends no PUBACK");
                }
                return gateways.process(session, topic, qos, payload);
            case TELEMETRY:
            case ATTRIBUTES:
                return upload(session, uplink.kind(), topic, payload);
            case ATTRIBUTE_REQUEST:
                return attributes.request(session, uplink, topic, payload);
            case RPC_RESPONSE:
                return rpc.reply(session, uplink, topic, payload);
            case CLIENT_RPC_REQUEST:
                return clientRpc.request(session, uplink, topic, payload);
            case CLAIM:
                return claims.claim(session, topic, payload);
            case FIRMWARE_CHUNK_REQUEST:
            case SOFTWARE_CHUNK_REQUEST:
                return ota.chunk(session, uplink, topic, payload);
            default:
                return exchanges.reject(session, topic, payload, UplinkResult.ack(ReasonCode.TOPIC_NAME_INVALID),
                    session.isMqtt5() ? "unknown topic: ThingsBoard answers PUBACK 0x90 (topic name invalid) and drops it"
                        : "unknown topic: ThingsBoard acknowledges and drops it");
        }
    }

    /** A payload ThingsBoard's adaptor rejects, answered as {@link UplinkResult#invalidPayload} says. */
    private UplinkResult invalid(DeviceSession session, String topic, int qos, byte[] payload, String problem) {
        UplinkResult answer = UplinkResult.invalidPayload(session.isMqtt5(), qos,
            "invalid payload on " + topic + ": " + problem);
        return exchanges.reject(session, topic, payload, answer, answer.reason());
    }

    /** A payload ThingsBoard fails on with an unchecked error: the connection closes (MQTT 5: DISCONNECT 0x8B). */
    private UplinkResult failed(DeviceSession session, String topic, byte[] payload, String problem) {
        String reason = "invalid payload on " + topic + ": " + problem
            + "; ThingsBoard fails on it with an unchecked error and closes the connection without a PUBACK";
        return exchanges.reject(session, topic, payload,
            UplinkResult.close(reason, ReasonCode.SERVER_SHUTTING_DOWN), reason);
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
}
