package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Handles what a device publishes, following ThingsBoard's topic catalogue (spec §3.1) and error matrix
 * for MQTT 3.x with the default profile (§4.3): each kind goes to its rule, which stores, journals, answers,
 * and tells the transport whether to acknowledge, stay silent or close.
 */
public final class UplinkProcessor {
    private final Exchanges exchanges;
    private final AttributeService attributes;
    private final ServerRpcService rpc;
    private final ClientRpcService clientRpc;
    private final ClaimHandler claims;
    private final OtaService ota;
    private final LongSupplier clock;

    public UplinkProcessor(Exchanges exchanges, AttributeService attributes, ServerRpcService rpc,
                           ClientRpcService clientRpc, ClaimHandler claims, OtaService ota, LongSupplier clock) {
        this.exchanges = exchanges;
        this.attributes = attributes;
        this.rpc = rpc;
        this.clientRpc = clientRpc;
        this.claims = claims;
        this.ota = ota;
        this.clock = clock;
    }

    public UplinkResult process(DeviceSession session, String topic, byte[] payload) {
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
                return exchanges.notYetSupported(session, topic, payload, "the gateway API");
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
                return exchanges.reject(session, topic, payload, UplinkResult.ACK,
                    "unknown topic: ThingsBoard acknowledges and drops it");
        }
    }

    private UplinkResult upload(DeviceSession session, UplinkKind kind, String topic, byte[] payload) {
        DeviceEntry device = session.device();
        try {
            Object json = DeviceJson.parse(payload);
            if (kind == UplinkKind.TELEMETRY) {
                List<UploadParser.TsEntry> entries = UploadParser.telemetry(json, clock.getAsLong());
                entries.forEach(entry -> {
                    device.telemetry().add(entry.ts(), entry.values());
                    ota.reported(device, entry.values());
                });
            } else {
                Map<String, KvValue> uploaded = UploadParser.attributes(json);
                device.clientAttributes().putAll(uploaded);
            }
        } catch (PayloadException e) {
            return exchanges.invalid(session, topic, payload, e.getMessage());
        }
        exchanges.received(session, kind == UplinkKind.TELEMETRY ? EventType.TELEMETRY : EventType.ATTRIBUTES,
            topic, payload, null);
        return UplinkResult.ACK;
    }
}
