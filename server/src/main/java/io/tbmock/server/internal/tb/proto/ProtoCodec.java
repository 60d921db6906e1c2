package io.tbmock.server.internal.tb.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.internal.tb.AttributeUpdate;
import io.tbmock.server.internal.tb.ClientRpcService;
import io.tbmock.server.internal.tb.DeviceJson;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.PayloadCodec;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.RequestedKeys;
import io.tbmock.server.internal.tb.UploadParser;
import io.tbmock.server.internal.tb.proto.TransportMessages.AttributeUpdateNotificationMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.AttributesRequest;
import io.tbmock.server.internal.tb.proto.TransportMessages.ClaimDevice;
import io.tbmock.server.internal.tb.proto.TransportMessages.GetAttributeResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.RpcRequest;
import io.tbmock.server.internal.tb.proto.TransportMessages.ToServerRpcResponseMsg;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * ThingsBoard's protobuf payloads (its ProtoMqttAdaptor and ProtoConverter; docs/device-profiles.md): telemetry,
 * attributes and RPC in the profile's schemas, read into the JSON ThingsBoard's converter then reads (fields
 * without presence printed with their defaults), and everything else in ThingsBoard's fixed transport messages.
 * Without schemas (a JSON profile's {@code /p} topics) only the fixed messages can be read or written.
 */
public final class ProtoCodec implements PayloadCodec {
    /**
     * protobuf's JSON printers and parser, made at the first protobuf payload: every server holds a ProtoCodec (for
     * a JSON profile's {@code /p} topics), and making them at start would load protobuf and java.util.logging for
     * the many that never see one.
     */
    private static final class Json {
        static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();
        static final JsonFormat.Printer FIXED_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
        static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    }

    /**
     * The JSON the last upload on this thread printed as, with its bytes (the very array): the rule that stores an
     * upload journals it next, on the same thread, and need not decode it twice.
     */
    private static final ThreadLocal<LastRead> LAST_READ = new ThreadLocal<>();
    /** ThingsBoard's text when a JSON profile's device sends its own message on a {@code /p} topic. */
    static final String NO_DESCRIPTOR = "Failed to get dynamic message descriptor!";
    /** ThingsBoard's text when a server RPC is to go to a JSON profile's device on a {@code /p} topic. */
    static final String NO_RPC_SCHEMA = "Failed to get rpcRequestDynamicMessageBuilder!";

    private final ProfileSchemas schemas;
    private final LongSupplier clock;

    /** @param schemas the profile's schemas; null for a JSON profile (its {@code /p} topics) */
    public ProtoCodec(ProfileSchemas schemas, LongSupplier clock) {
        this.schemas = schemas;
        this.clock = clock;
    }

    @Override
    public List<UploadParser.TsEntry> telemetry(byte[] payload, long serverTs) throws PayloadException {
        return UploadParser.telemetry(json(schema(ProfileSchemas::telemetry), payload), serverTs);
    }

    @Override
    public Map<String, KvValue> attributes(byte[] payload) throws PayloadException {
        return UploadParser.attributes(json(schema(ProfileSchemas::attributes), payload));
    }

    /** {@code AttributesRequest}: comma-separated lists; an empty list names no keys of that scope. */
    @Override
    public RequestedKeys attributeRequest(byte[] payload) throws PayloadException {
        AttributesRequest request = parse(payload, AttributesRequest.parser()::parseFrom);
        return new RequestedKeys(keys(request.getClientKeys()), keys(request.getSharedKeys()));
    }

    /** {@code RpcRequest}: {@code params} is text; JSON text is kept as JSON, anything else as a JSON string. */
    @Override
    public ClientRpcService.Request clientRpcRequest(byte[] payload) throws PayloadException {
        RpcRequest request = parse(payload, RpcRequest.parser()::parseFrom);
        String params = request.getParams();
        String json;
        try {
            json = JsonWriter.tree(DeviceJson.parseStrict(params.getBytes(StandardCharsets.UTF_8)));
        } catch (PayloadException notJson) {
            json = JsonWriter.tree(params);
        }
        return new ClientRpcService.Request(request.getMethod(), json);
    }

    @Override
    public Object claim(byte[] payload) throws PayloadException {
        return claimJson(parse(payload, ClaimDevice.parser()::parseFrom));
    }

    /** A {@code ClaimDevice} as the JSON object the claim rules read (a device's own, or a gateway child's). */
    public static Map<String, Object> claimJson(ClaimDevice claim) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("secretKey", claim.getSecretKey());
        json.put("durationMs", Long.toString(claim.getDurationMs()));
        return json;
    }

    /** The whole reply message as JSON: ThingsBoard hands its REST caller {@code {"payload":"…"}}, not the text inside. */
    @Override
    public byte[] rpcReply(byte[] payload) throws PayloadException {
        return print(decode(schema(ProfileSchemas::rpcResponse), payload)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] attributeUpdate(AttributeUpdate update) {
        return KeyValues.update(update, clock.getAsLong()).toByteArray();
    }

    @Override
    public byte[] attributeResponse(int requestId, Map<String, KvValue> client, Map<String, KvValue> shared) {
        return KeyValues.response(requestId, client, shared, clock.getAsLong()).build().toByteArray();
    }

    /**
     * {@code {"method","requestId","params"}} merged into the profile's RPC request message, as ThingsBoard's
     * ProtoConverter does: fields the message lacks are dropped; a value of the wrong kind (an object for a string
     * {@code params}) fails the conversion.
     */
    @Override
    public byte[] rpcRequest(ServerRpcRecord rpc, boolean withId) throws PayloadException {
        Descriptor descriptor = schemas == null ? null : schemas.rpcRequest();
        if (descriptor == null) {
            throw new PayloadException(NO_RPC_SCHEMA);
        }
        String json = JsonWriter.object(w -> w.field("method", rpc.method()).field("requestId", rpc.id())
            .raw("params", rpc.params()));
        DynamicMessage.Builder message = DynamicMessage.newBuilder(descriptor);
        try {
            Json.PARSER.merge(json, message);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new PayloadException(e.getMessage());
        }
        return message.build().toByteArray();
    }

    @Override
    public byte[] clientRpcResponse(int requestId, String response) {
        return ToServerRpcResponseMsg.newBuilder().setRequestId(requestId).setPayload(response).build().toByteArray();
    }

    @Override
    public boolean binary() {
        return true;
    }

    @Override
    public String describe(EventType type, byte[] payload) {
        try {
            return switch (type) {
                case TELEMETRY -> describe(schemas == null ? null : schemas.telemetry(), payload);
                case ATTRIBUTES -> describe(schemas == null ? null : schemas.attributes(), payload);
                case RPC_RESPONSE -> describe(schemas == null ? null : schemas.rpcResponse(), payload);
                case RPC_REQUEST -> describe(schemas == null ? null : schemas.rpcRequest(), payload);
                case ATTRIBUTE_REQUEST -> Json.FIXED_PRINTER.print(AttributesRequest.parseFrom(payload));
                case CLIENT_RPC_REQUEST -> Json.FIXED_PRINTER.print(RpcRequest.parseFrom(payload));
                case CLAIM -> Json.FIXED_PRINTER.print(ClaimDevice.parseFrom(payload));
                case ATTRIBUTE_UPDATE -> Json.FIXED_PRINTER.print(AttributeUpdateNotificationMsg.parseFrom(payload));
                case ATTRIBUTE_RESPONSE -> Json.FIXED_PRINTER.print(GetAttributeResponseMsg.parseFrom(payload));
                case CLIENT_RPC_RESPONSE -> Json.FIXED_PRINTER.print(ToServerRpcResponseMsg.parseFrom(payload));
                default -> null;
            };
        } catch (InvalidProtocolBufferException undecodable) {
            return null;
        }
    }

    private static String describe(Descriptor descriptor, byte[] payload) throws InvalidProtocolBufferException {
        if (descriptor == null) {
            return null;
        }
        LastRead last = LAST_READ.get();
        if (last != null && last.payload() == payload) {
            return last.json(); // the upload just stored, journaled: decoded once
        }
        return Json.PRINTER.print(DynamicMessage.parseFrom(descriptor, payload));
    }


    private record LastRead(byte[] payload, String json) {
    }

    private interface Reader<T> {
        T read(byte[] payload) throws InvalidProtocolBufferException;
    }

    private interface SchemaOf {
        Descriptor of(ProfileSchemas schemas);
    }

    private Descriptor schema(SchemaOf which) throws PayloadException {
        if (schemas == null) {
            throw new PayloadException(NO_DESCRIPTOR);
        }
        return which.of(schemas);
    }

    private static <T> T parse(byte[] payload, Reader<T> reader) throws PayloadException {
        try {
            return reader.read(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadException(e.getMessage());
        }
    }

    private static DynamicMessage decode(Descriptor descriptor, byte[] payload) throws PayloadException {
        return parse(payload, bytes -> DynamicMessage.parseFrom(descriptor, bytes));
    }

    /** The message as ThingsBoard's JsonFormat printer writes it, read back as the JSON converter's input. */
    private static Object json(Descriptor descriptor, byte[] payload) throws PayloadException {
        String json = print(decode(descriptor, payload));
        LAST_READ.set(new LastRead(payload, json));
        return DeviceJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String print(Message message) throws PayloadException {
        try {
            return Json.PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadException(e.getMessage());
        }
    }

    private static Set<String> keys(String list) {
        return list.isEmpty() ? null : new LinkedHashSet<>(Arrays.asList(list.split(",")));
    }
}
