package io.tbmock.server.internal.mqtt;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.internal.tb.AttributeUpdate;
import io.tbmock.server.internal.tb.DeviceJson;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.UploadParser;
import io.tbmock.server.internal.tb.proto.KeyValues;
import io.tbmock.server.internal.tb.proto.TransportMessages.AttributesMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ClaimDeviceMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ConnectMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.DisconnectMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayAttributeResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayAttributeUpdateNotificationMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayAttributesMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayAttributesRequestMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayClaimMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayDeviceRpcRequestMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayRpcResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.GatewayTelemetryMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.PostAttributeMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.PostTelemetryMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.TelemetryMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ToDeviceRpcRequestMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.TsKvListProto;
import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway API of a gateway whose own profile is PROTOBUF (docs/device-profiles.md, "Gateways"): ThingsBoard's
 * fixed gateway messages read into the shapes the JSON gateway API has (so {@link GatewayService} applies one set
 * of rules), each device's telemetry, attributes or claim kept as its protobuf part, typed as the device typed it;
 * and what the gateway is sent for its children, written as ThingsBoard writes it.
 */
final class GatewayProtobuf {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private GatewayProtobuf() {
    }

    /**
     * The message on {@code topic} as the JSON gateway API's shape: {@code {"device","type"}} for a connect,
     * {@code {"device"}} for a disconnect, {@code {"<device>": <protobuf part>, …}} for telemetry, attributes and
     * claims, {@code {"id","device","client","keys"}} for an attribute request, {@code {"device","id","data"}} for an
     * RPC reply; null for a topic the gateway API does not have.
     *
     * @throws PayloadException the bytes are not the topic's message
     */
    static Object read(String topic, byte[] payload) throws PayloadException {
        try {
            switch (topic) {
                case Topics.GATEWAY_CONNECT: {
                    ConnectMsg connect = ConnectMsg.parseFrom(payload);
                    return map("device", connect.getDeviceName(), "type", connect.getDeviceType());
                }
                case Topics.GATEWAY_DISCONNECT:
                    return map("device", DisconnectMsg.parseFrom(payload).getDeviceName());
                case Topics.GATEWAY_TELEMETRY: {
                    Map<String, Object> parts = new LinkedHashMap<>();
                    for (TelemetryMsg part : GatewayTelemetryMsg.parseFrom(payload).getMsgList()) {
                        parts.put(part.getDeviceName(), part.getMsg());
                    }
                    return parts;
                }
                case Topics.GATEWAY_ATTRIBUTES: {
                    Map<String, Object> parts = new LinkedHashMap<>();
                    for (AttributesMsg part : GatewayAttributesMsg.parseFrom(payload).getMsgList()) {
                        parts.put(part.getDeviceName(), part.getMsg());
                    }
                    return parts;
                }
                case Topics.GATEWAY_CLAIM: {
                    Map<String, Object> parts = new LinkedHashMap<>();
                    for (ClaimDeviceMsg part : GatewayClaimMsg.parseFrom(payload).getMsgList()) {
                        parts.put(part.getDeviceName(), part.getClaimRequest());
                    }
                    return parts;
                }
                case Topics.GATEWAY_ATTRIBUTES_REQUEST: {
                    GatewayAttributesRequestMsg request = GatewayAttributesRequestMsg.parseFrom(payload);
                    Map<String, Object> json = map("id", Integer.toString(request.getId()), "device", request.getDeviceName());
                    json.put("client", request.getClient());
                    json.put("keys", new ArrayList<Object>(request.getKeysList()));
                    return json;
                }
                case Topics.GATEWAY_RPC: {
                    GatewayRpcResponseMsg reply = GatewayRpcResponseMsg.parseFrom(payload);
                    Map<String, Object> json = map("device", reply.getDeviceName(), "id", Integer.toString(reply.getId()));
                    json.put("data", data(reply.getData()));
                    return json;
                }
                default:
                    return null;
            }
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadException(e.getMessage());
        }
    }

    /** The message on {@code topic} as the journal shows it; null if it does not decode. */
    static String describe(String topic, byte[] payload) {
        try {
            Message message = switch (topic) {
                case Topics.GATEWAY_CONNECT -> ConnectMsg.parseFrom(payload);
                case Topics.GATEWAY_DISCONNECT -> DisconnectMsg.parseFrom(payload);
                case Topics.GATEWAY_TELEMETRY -> GatewayTelemetryMsg.parseFrom(payload);
                case Topics.GATEWAY_ATTRIBUTES -> GatewayAttributesMsg.parseFrom(payload);
                case Topics.GATEWAY_CLAIM -> GatewayClaimMsg.parseFrom(payload);
                case Topics.GATEWAY_ATTRIBUTES_REQUEST -> GatewayAttributesRequestMsg.parseFrom(payload);
                case Topics.GATEWAY_RPC -> GatewayRpcResponseMsg.parseFrom(payload);
                default -> null;
            };
            return message == null ? null : describe(message);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** A message, or one device's part of it, as the journal shows it. */
    static String describe(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /**
     * One device's telemetry, as ThingsBoard's ProtoConverter.validatePostTelemetryMsg takes it: each set stamped
     * now when its ts is 0, typed as sent.
     */
    static List<UploadParser.TsEntry> telemetry(PostTelemetryMsg part, long now) throws PayloadException {
        if (part.getTsKvListCount() == 0) {
            throw new PayloadException("TsKv list is empty!");
        }
        List<UploadParser.TsEntry> entries = new ArrayList<>();
        for (TsKvListProto set : part.getTsKvListList()) {
            entries.add(new UploadParser.TsEntry(set.getTs() == 0 ? now : set.getTs(), KeyValues.values(set.getKvList())));
        }
        return entries;
    }

    static Map<String, KvValue> attributes(PostAttributeMsg part) throws PayloadException {
        return KeyValues.values(part.getKvList());
    }

    static GatewayAttributeUpdateNotificationMsg attributeUpdate(String device, AttributeUpdate update, long now) {
        return GatewayAttributeUpdateNotificationMsg.newBuilder().setDeviceName(device)
            .setNotificationMsg(KeyValues.update(update, now)).build();
    }

    static GatewayAttributeResponseMsg attributeResponse(String device, int id, boolean many,
                                                         Map<String, KvValue> client, Map<String, KvValue> shared,
                                                         long now) {
        return GatewayAttributeResponseMsg.newBuilder().setDeviceName(device)
            .setResponseMsg(KeyValues.response(id, client, shared, now).setIsMultipleAttributesRequest(many)).build();
    }

    /** ThingsBoard's internal RPC message, not the profile's RPC schema, as it sends a gateway's child its RPC. */
    static GatewayDeviceRpcRequestMsg rpc(String device, ServerRpcRecord rpc) {
        return GatewayDeviceRpcRequestMsg.newBuilder().setDeviceName(device).setRpcRequestMsg(
            ToDeviceRpcRequestMsg.newBuilder().setRequestId(rpc.id()).setMethodName(rpc.method()).setParams(rpc.params())
                .setExpirationTime(rpc.snapshot().expiresAt()).setOneway(rpc.oneway())).build();
    }

    /** An RPC reply's data: JSON as JSON, any other text as a JSON string. */
    private static Object data(String text) {
        try {
            return DeviceJson.parseStrict(text.getBytes(StandardCharsets.UTF_8));
        } catch (PayloadException notJson) {
            return text;
        }
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
