package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceSession;
import io.tbmock.server.internal.state.EventJournal;
import io.tbmock.server.model.Direction;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Handles what a device publishes, following ThingsBoard's topic catalogue (spec §3.1) and error matrix
 * for MQTT 3.x with the default profile (§4.3): stores the data, journals the exchange, and tells the
 * transport whether to acknowledge, stay silent or close.
 */
public final class UplinkProcessor {
    private final EventJournal journal;
    private final LongSupplier clock;

    public UplinkProcessor(EventJournal journal, LongSupplier clock) {
        this.journal = journal;
        this.clock = clock;
    }

    public UplinkResult process(DeviceSession session, String topic, byte[] payload) {
        UplinkTopic uplink = UplinkTopic.classify(topic);
        switch (uplink.kind()) {
            case GATEWAY:
                if (!session.device().gateway()) {
                    return reject(session, topic, payload, UplinkResult.NO_ACK,
                        "device is not a gateway: ThingsBoard ignores v1/gateway publishes from it and sends no PUBACK");
                }
                return notYetSupported(session, topic, payload, "the gateway API");
            case TELEMETRY:
            case ATTRIBUTES:
                if (uplink.family() == TopicFamily.V2_PROTO) {
                    return notYetSupported(session, topic, payload, "protobuf payloads (/p topics)");
                }
                return upload(session, uplink.kind(), topic, payload);
            case UNKNOWN:
                return reject(session, topic, payload, UplinkResult.ACK,
                    "unknown topic: ThingsBoard acknowledges and drops it");
            default:
                return notYetSupported(session, topic, payload, describe(uplink.kind()));
        }
    }

    private UplinkResult upload(DeviceSession session, UplinkKind kind, String topic, byte[] payload) {
        DeviceEntry device = session.device();
        try {
            Object json = DeviceJson.parse(payload);
            if (kind == UplinkKind.TELEMETRY) {
                List<UploadParser.TsEntry> entries = UploadParser.telemetry(json, clock.getAsLong());
                entries.forEach(entry -> device.telemetry().add(entry.ts(), entry.values()));
            } else {
                Map<String, KvValue> attributes = UploadParser.attributes(json);
                device.clientAttributes().putAll(attributes);
            }
        } catch (PayloadException e) {
            String reason = "invalid payload on " + topic + ": " + e.getMessage()
                + "; ThingsBoard closes the connection without a PUBACK";
            return reject(session, topic, payload, UplinkResult.close(reason), reason);
        }
        EventType type = kind == UplinkKind.TELEMETRY ? EventType.TELEMETRY : EventType.ATTRIBUTES;
        record(session, type, topic, payload, null);
        return UplinkResult.ACK;
    }

    private UplinkResult notYetSupported(DeviceSession session, String topic, byte[] payload, String what) {
        return reject(session, topic, payload, UplinkResult.ACK,
            what + " is not supported by this tbmock version yet: acknowledged and dropped");
    }

    private UplinkResult reject(DeviceSession session, String topic, byte[] payload, UplinkResult result,
                                String reason) {
        record(session, EventType.REJECTED, topic, payload, reason);
        return result;
    }

    private void record(DeviceSession session, EventType type, String topic, byte[] payload, String error) {
        journal.append(session.device().name(), session.clientId(), Direction.IN, type, topic,
            new String(payload, StandardCharsets.UTF_8), error);
    }

    private static String describe(UplinkKind kind) {
        switch (kind) {
            case ATTRIBUTE_REQUEST: return "attribute requests";
            case RPC_RESPONSE: return "server-side RPC replies";
            case CLIENT_RPC_REQUEST: return "client-side RPC";
            case CLAIM: return "claiming";
            default: return "OTA chunk download";
        }
    }
}
