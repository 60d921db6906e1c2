package io.tbmock.server.internal.tb.proto;

import io.tbmock.server.model.ProtobufPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A profile's schemas are refused as ThingsBoard refuses them, with its messages: the cases of its
 * DeviceProfileControllerTest (testSaveProtoDeviceProfile*) and DynamicProtoUtilsTest.
 */
class ProfileSchemasTest {
    private static final String TELEMETRY = "syntax =\"proto3\";\npackage t;\nmessage T { optional double temperature = 1; }";
    private static final String ATTRIBUTES = "syntax =\"proto3\";\npackage a;\nmessage A { optional string fw = 1; }";
    private static final String HEAD = "syntax = \"proto3\";\n\npackage schemavalidation;\n\n";

    private static String refusalOfAttributes(String schema) {
        return assertThrows(SchemaException.class,
            () -> ProfileSchemas.compile(ProtobufPayload.of(TELEMETRY, schema))).getMessage();
    }

    static Stream<Arguments> attributeSchemasAreRefusedWithThingsBoardsMessagesCases() {
        return Stream.of(
            Arguments.of("message M {\n   required int32 parameter = 1;\n}",
                "failed to parse attributes proto schema due to: Syntax error in :6:4: 'required' label forbidden in proto3 field declarations"),
            Arguments.of("option java_package = \"x\";\nmessage M {\n   optional int32 parameter = 1;\n}",
                "invalid attributes proto schema provided! Schema options don't support!"),
            Arguments.of("import public \"old.proto\";\nmessage M {\n   optional int32 parameter = 1;\n}",
                "invalid attributes proto schema provided! Schema public imports don't support!"),
            Arguments.of("import \"old.proto\";\nmessage M {\n   optional int32 parameter = 1;\n}",
                "invalid attributes proto schema provided! Schema imports don't support!"),
            Arguments.of("extend google.protobuf.MethodOptions {\n  MyMessage my_method_option = 50007;\n}",
                "invalid attributes proto schema provided! Schema extend declarations don't support!"),
            Arguments.of("enum E {\n   option allow_alias = true;\n   DEFAULT = 0;\n}\nmessage M {\n   optional int32 p = 1;\n}",
                "invalid attributes proto schema provided! Enum definitions options are not supported!"),
            Arguments.of("enum E {\n   DEFAULT = 0;\n   STARTED = 1;\n}",
                "invalid attributes proto schema provided! At least one Message definition should exists!"),
            Arguments.of("message M {\n   option allow_alias = true;\n   optional int32 p = 1;\n}",
                "invalid attributes proto schema provided! Message definition options don't support!"),
            Arguments.of("message M {\n   extensions 100 to 199;\n}",
                "invalid attributes proto schema provided! Message definition extensions don't support!"),
            Arguments.of("message M {\n  reserved 2, 15, 9 to 11;\n}",
                "invalid attributes proto schema provided! Message definition reserved elements don't support!"),
            Arguments.of("message M {\n  repeated group Result = 1 {\n    optional string url = 2;\n  }\n}",
                "invalid attributes proto schema provided! Message definition groups don't support!"),
            Arguments.of("message M {\n  oneof o {\n     string name = 1;\n     group Result = 2 {\n    \tstring url = 3;\n     }\n  }}",
                "invalid attributes proto schema provided! OneOf definition groups don't support!"));
    }

    @ParameterizedTest
    @MethodSource("attributeSchemasAreRefusedWithThingsBoardsMessagesCases")
    void attributeSchemasAreRefusedWithThingsBoardsMessages(String body, String message) {
        assertEquals("[Transport Configuration] " + message, refusalOfAttributes(HEAD + body));
    }

    @Test
    void onlyProto3IsAccepted() {
        assertEquals("[Transport Configuration] invalid schema syntax: proto2 for attributes proto schema provided! "
            + "Only proto3 allowed!", refusalOfAttributes("syntax = \"proto2\";\nmessage M {\n required int32 p = 1;\n}"));
        assertEquals("[Transport Configuration] invalid schema syntax: null for attributes proto schema provided! "
            + "Only proto3 allowed!", refusalOfAttributes(""));
    }

    static Stream<Arguments> telemetrySchemasAreRefusedWithThingsBoardsMessagesCases() {
        return Stream.of(
            Arguments.of("message PostTelemetry {\n  int64 ts = 1;\n  Values values = 2;\n  message Values {\n    string key1 = 3;\n  }\n}",
                "Field 'ts' has invalid label. Field 'ts' should have optional keyword!"),
            Arguments.of("message PostTelemetry {\n  optional int32 ts = 1;\n  Values values = 2;\n  message Values {\n    string key1 = 3;\n  }\n}",
                "Field 'ts' has invalid data type. Only int64 type is supported!"),
            Arguments.of("message PostTelemetry {\n  optional int64 ts = 1;\n  string values = 2;\n}",
                "Field 'values' has invalid data type. Only message type is supported!"),
            Arguments.of("message PostTelemetry {\n}",
                "PostTelemetry fields is empty!"));
    }

    @ParameterizedTest
    @MethodSource("telemetrySchemasAreRefusedWithThingsBoardsMessagesCases")
    void telemetrySchemasAreRefusedWithThingsBoardsMessages(String body, String message) {
        SchemaException refused = assertThrows(SchemaException.class,
            () -> ProfileSchemas.compile(ProtobufPayload.of(HEAD + body, ATTRIBUTES)));
        assertEquals("[Transport Configuration] invalid telemetry proto schema provided! " + message, refused.getMessage());
    }

    static Stream<Arguments> rpcRequestSchemasAreRefusedWithThingsBoardsMessagesCases() {
        return Stream.of(
            Arguments.of("optional int32 method = 1;\n optional int32 requestId = 2;\n optional string params = 3;",
                "Field 'method' has invalid data type. Only string type is supported!"),
            Arguments.of("optional string method = 1;\n optional int64 requestId = 2;\n optional string params = 3;",
                "Field 'requestId' has invalid data type. Only int32 type is supported!"),
            Arguments.of("repeated string method = 1;\n optional int32 requestId = 2;\n optional string params = 3;",
                "Field 'method' has invalid label!"),
            Arguments.of("optional string method = 1;\n repeated int32 requestId = 2;\n optional string params = 3;",
                "Field 'requestId' has invalid label!"),
            Arguments.of("optional string method = 1;\n optional int32 requestId = 2;\n repeated string params = 3;",
                "Field 'params' has invalid label!"),
            Arguments.of("optional int32 requestId = 2;\n optional string params = 3;",
                "RpcRequestMsg message should always contains 3 fields: method, requestId and params!"),
            Arguments.of("optional string methodName = 1;\n optional int32 requestId = 2;\n optional string params = 3;",
                "Failed to get field descriptor for field: method!"));
    }

    @ParameterizedTest
    @MethodSource("rpcRequestSchemasAreRefusedWithThingsBoardsMessagesCases")
    void rpcRequestSchemasAreRefusedWithThingsBoardsMessages(String fields, String message) {
        ProtobufPayload payload = ProtobufPayload.of(TELEMETRY, ATTRIBUTES)
            .withRpcSchemas(HEAD + "message RpcRequestMsg {\n " + fields + "\n}", null);
        SchemaException refused = assertThrows(SchemaException.class, () -> ProfileSchemas.compile(payload));
        assertEquals("[Transport Configuration] invalid rpc request proto schema provided! " + message,
            refused.getMessage());
    }

    @Test
    void theRootIsTheLastTopLevelMessageAndNestedTypesResolve() throws SchemaException {
        String telemetry = HEAD + "message Earlier { optional int32 x = 1; }\n"
            + "enum Mode { IDLE = 0; RUN = 1; }\n"
            + "message PostTelemetry {\n  optional int64 ts = 1;\n  Values values = 2;\n"
            + "  message Values {\n    JsonObject key5 = 1;\n    Mode mode = 2;\n  }\n"
            + "  message JsonObject {\n    NestedJsonObject nested = 1;\n    message NestedJsonObject { optional string key = 1; }\n  }\n}";
        ProfileSchemas schemas = ProfileSchemas.compile(ProtobufPayload.of(telemetry, ATTRIBUTES));
        assertEquals("schemavalidation.PostTelemetry", schemas.telemetry().getFullName());
        assertTrue(schemas.timestamped());
        assertEquals("rpc.RpcRequestMsg", schemas.rpcRequest().getFullName(), "ThingsBoard's default RPC schema");
    }
}
