package io.tbmock.server.internal.tb.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import io.tbmock.server.model.ProtobufPayload;

/**
 * The root messages of a protobuf profile's four schemas, checked when the profile is saved as ThingsBoard's
 * DeviceProfileDataValidator checks them: each schema's restrictions (attributes, telemetry, RPC request, RPC
 * response), then the telemetry message's {@code ts}/{@code values} form, then the RPC request's three fields.
 */
public record ProfileSchemas(Descriptor telemetry, Descriptor attributes, Descriptor rpcRequest, Descriptor rpcResponse) {
    static final String TELEMETRY = "telemetry proto schema";
    static final String ATTRIBUTES = "attributes proto schema";
    static final String RPC_REQUEST = "rpc request proto schema";
    static final String RPC_RESPONSE = "rpc response proto schema";

    /** @throws SchemaException with ThingsBoard's message for the first thing it refuses */
    public static ProfileSchemas compile(ProtobufPayload payload) throws SchemaException {
        ProtoFileElement attributes = ProfileSchema.parse(payload.deviceAttributesProtoSchema(), ATTRIBUTES);
        ProtoFileElement telemetry = ProfileSchema.parse(payload.deviceTelemetryProtoSchema(), TELEMETRY);
        ProtoFileElement rpcRequest = ProfileSchema.parse(payload.deviceRpcRequestProtoSchema(), RPC_REQUEST);
        ProtoFileElement rpcResponse = ProfileSchema.parse(payload.deviceRpcResponseProtoSchema(), RPC_RESPONSE);
        Descriptor telemetryRoot = checkTelemetry(telemetry);
        Descriptor rpcRequestRoot = checkRpcRequest(ProfileSchema.root(rpcRequest, RPC_REQUEST));
        return new ProfileSchemas(telemetryRoot, ProfileSchema.root(attributes, ATTRIBUTES), rpcRequestRoot,
            ProfileSchema.root(rpcResponse, RPC_RESPONSE));
    }

    /** Whether the telemetry root is ThingsBoard's timestamped form: exactly the two fields {@code ts} and {@code values}. */
    public boolean timestamped() {
        return telemetry.getFields().size() == 2 && telemetry.findFieldByName("ts") != null
            && telemetry.findFieldByName("values") != null;
    }

    private static Descriptor checkTelemetry(ProtoFileElement file) throws SchemaException {
        Descriptor root;
        try {
            root = ProfileSchema.root(file, TELEMETRY);
        } catch (SchemaException e) {
            throw new SchemaException(ProfileSchema.invalid(TELEMETRY) + " Failed to get telemetryDynamicMessageDescriptor!");
        }
        String invalid = ProfileSchema.invalid(TELEMETRY);
        if (root.getFields().isEmpty()) {
            throw new SchemaException(invalid + " " + root.getName() + " fields is empty!");
        }
        FieldDescriptor ts = root.findFieldByName("ts");
        FieldDescriptor values = root.findFieldByName("values");
        if (root.getFields().size() == 2 && ts != null && values != null) {
            if (values.getType() != FieldDescriptor.Type.MESSAGE) {
                throw new SchemaException(invalid + " Field 'values' has invalid data type. Only message type is supported!");
            }
            if (ts.getType() != FieldDescriptor.Type.INT64) {
                throw new SchemaException(invalid + " Field 'ts' has invalid data type. Only int64 type is supported!");
            }
            if (!ts.toProto().getProto3Optional()) {
                throw new SchemaException(invalid + " Field 'ts' has invalid label. Field 'ts' should have optional keyword!");
            }
        }
        return root;
    }

    private static Descriptor checkRpcRequest(Descriptor root) throws SchemaException {
        String invalid = ProfileSchema.invalid(RPC_REQUEST);
        if (root.getFields().size() != 3) {
            throw new SchemaException(invalid + " " + root.getName()
                + " message should always contains 3 fields: method, requestId and params!");
        }
        checkRpcField(root, "method", FieldDescriptor.Type.STRING, "string", invalid);
        checkRpcField(root, "requestId", FieldDescriptor.Type.INT32, "int32", invalid);
        checkRpcField(root, "params", null, null, invalid);
        return root;
    }

    private static void checkRpcField(Descriptor root, String name, FieldDescriptor.Type type, String typeName,
                                      String invalid) throws SchemaException {
        FieldDescriptor field = root.findFieldByName(name);
        if (field == null) {
            throw new SchemaException(invalid + " Failed to get field descriptor for field: " + name + "!");
        }
        if (type != null && field.getType() != type) {
            throw new SchemaException(invalid + " Field '" + name + "' has invalid data type. Only " + typeName
                + " type is supported!");
        }
        if (field.isRepeated()) {
            throw new SchemaException(invalid + " Field '" + name + "' has invalid label!");
        }
    }
}
