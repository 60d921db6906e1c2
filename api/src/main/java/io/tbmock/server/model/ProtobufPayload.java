package io.tbmock.server.model;

/**
 * A device profile's protobuf payload settings, as ThingsBoard's ProtoTransportPayloadConfiguration holds them
 * (docs/device-profiles.md): four proto3 schemas whose last top-level message is the one sent, and two switches.
 *
 * @param deviceTelemetryProtoSchema                  the telemetry schema (required)
 * @param deviceAttributesProtoSchema                 the client attributes schema (required)
 * @param deviceRpcRequestProtoSchema                 the server-side RPC request schema; blank for ThingsBoard's default
 *                                                    {@code RpcRequestMsg {method, requestId, params}}
 * @param deviceRpcResponseProtoSchema                the RPC reply schema; blank for ThingsBoard's default
 *                                                    {@code RpcResponseMsg {payload}}
 * @param enableCompatibilityWithJsonPayloadFormat    uplinks that are not protobuf are read as JSON
 * @param useJsonPayloadFormatForDefaultDownlinkTopics with the compatibility on, what the server sends on the v1
 *                                                    topics is JSON (forced off without it, as ThingsBoard does)
 */
public record ProtobufPayload(String deviceTelemetryProtoSchema, String deviceAttributesProtoSchema,
                              String deviceRpcRequestProtoSchema, String deviceRpcResponseProtoSchema,
                              boolean enableCompatibilityWithJsonPayloadFormat,
                              boolean useJsonPayloadFormatForDefaultDownlinkTopics) {
    /** ThingsBoard's RPC request schema when a profile gives none. */
    public static final String DEFAULT_RPC_REQUEST_SCHEMA = "syntax =\"proto3\";\n"
        + "package rpc;\n"
        + "\n"
        + "message RpcRequestMsg {\n"
        + "  optional string method = 1;\n"
        + "  optional int32 requestId = 2;\n"
        + "  optional string params = 3;\n"
        + "}";
    /** ThingsBoard's RPC response schema when a profile gives none. */
    public static final String DEFAULT_RPC_RESPONSE_SCHEMA = "syntax =\"proto3\";\n"
        + "package rpc;\n"
        + "\n"
        + "message RpcResponseMsg {\n"
        + "  optional string payload = 1;\n"
        + "}";

    public ProtobufPayload {
        deviceRpcRequestProtoSchema = blank(deviceRpcRequestProtoSchema) ? DEFAULT_RPC_REQUEST_SCHEMA
            : deviceRpcRequestProtoSchema;
        deviceRpcResponseProtoSchema = blank(deviceRpcResponseProtoSchema) ? DEFAULT_RPC_RESPONSE_SCHEMA
            : deviceRpcResponseProtoSchema;
        useJsonPayloadFormatForDefaultDownlinkTopics = enableCompatibilityWithJsonPayloadFormat
            && useJsonPayloadFormatForDefaultDownlinkTopics;
    }

    /** Telemetry and attribute schemas, ThingsBoard's default RPC schemas, no JSON compatibility. */
    public static ProtobufPayload of(String telemetrySchema, String attributesSchema) {
        return new ProtobufPayload(telemetrySchema, attributesSchema, null, null, false, false);
    }

    public ProtobufPayload withRpcSchemas(String requestSchema, String responseSchema) {
        return new ProtobufPayload(deviceTelemetryProtoSchema, deviceAttributesProtoSchema, requestSchema,
            responseSchema, enableCompatibilityWithJsonPayloadFormat, useJsonPayloadFormatForDefaultDownlinkTopics);
    }

    public ProtobufPayload withJsonCompatibility(boolean compatibility, boolean jsonForDefaultDownlinkTopics) {
        return new ProtobufPayload(deviceTelemetryProtoSchema, deviceAttributesProtoSchema, deviceRpcRequestProtoSchema,
            deviceRpcResponseProtoSchema, compatibility, jsonForDefaultDownlinkTopics);
    }

    private static boolean blank(String schema) {
        return schema == null || schema.isEmpty();
    }
}
