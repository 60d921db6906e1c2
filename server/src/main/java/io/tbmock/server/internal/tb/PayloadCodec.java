package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.util.List;
import java.util.Map;

/**
 * The payload format a device speaks, chosen as ThingsBoard's transport adaptor is (by the device profile and,
 * on MQTT, the topic): what the core reads from the device's bytes and writes for it. {@link JsonCodec} is
 * ThingsBoard's JSON; {@link io.tbmock.server.internal.tb.proto.ProtoCodec} a profile's protobuf.
 */
public interface PayloadCodec {
    /** Telemetry: sets of typed values with their timestamp, {@code serverTs} for those the device gave none. */
    List<UploadParser.TsEntry> telemetry(byte[] payload, long serverTs) throws PayloadException;

    /** How many values a telemetry payload carries, what a data-point rate limit counts; 0 when it does not read. */
    default int dataPoints(byte[] telemetry) {
        try {
            return telemetry(telemetry, 0).stream().mapToInt(entry -> entry.values().size()).sum();
        } catch (PayloadException unreadable) {
            return 0; // refused later, where it is read for good
        }
    }

    /** Client attributes, typed. */
    Map<String, KvValue> attributes(byte[] payload) throws PayloadException;

    /** The keys an attribute request asks for. */
    RequestedKeys attributeRequest(byte[] payload) throws PayloadException;

    /** A client-side RPC request; {@code params} may be missing. */
    ClientRpcService.Request clientRpcRequest(byte[] payload) throws PayloadException;

    /** A claim, as the JSON object ThingsBoard's converter would have read ({@code secretKey}, {@code durationMs}). */
    Object claim(byte[] payload) throws PayloadException;

    /** A reply to a server-side RPC, as the JSON (or other text) ThingsBoard hands its REST caller. */
    byte[] rpcReply(byte[] payload) throws PayloadException;

    /** A change of shared attributes, as pushed to the device. */
    byte[] attributeUpdate(AttributeUpdate update);

    /** The answer to attribute request {@code requestId}; an empty scope is left out. */
    byte[] attributeResponse(int requestId, Map<String, KvValue> client, Map<String, KvValue> shared);

    /**
     * A server-side RPC, with its id where the transport sends it in the payload (HTTP).
     *
     * @throws PayloadException the RPC does not fit the format (a protobuf schema's field types)
     */
    byte[] rpcRequest(ServerRpcRecord rpc, boolean withId) throws PayloadException;

    /** The answer {@code response} (JSON text) to client-side RPC request {@code requestId}. */
    byte[] clientRpcResponse(int requestId, String response);

    /** Whether payloads are binary: the journal then keeps them raw (base64) beside {@link #describe}. */
    boolean binary();

    /** A payload of the kind {@code type} as the journal shows it (JSON for protobuf); null if it cannot be read. */
    String describe(EventType type, byte[] payload);
}
