package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.ServerRpcRecord;
import io.tbmock.server.model.KvValue;

import java.util.List;
import java.util.Map;

/**
 * The payload format a session speaks, chosen per session as ThingsBoard's transport adaptor is: what the core
 * reads from the device's bytes and writes for it. {@link JsonCodec} is ThingsBoard's JSON; a device profile's
 * protobuf is the next.
 */
public interface PayloadCodec {
    /** Telemetry: sets of typed values with their timestamp, {@code serverTs} for those the device gave none. */
    List<UploadParser.TsEntry> telemetry(byte[] payload, long serverTs) throws PayloadException;

    /** Client attributes, typed. */
    Map<String, KvValue> attributes(byte[] payload) throws PayloadException;

    /** A change of shared attributes, as pushed to the device. */
    byte[] attributeUpdate(AttributeUpdate update);

    /** The answer to an attribute request; an empty scope is left out. */
    byte[] attributeResponse(Map<String, KvValue> client, Map<String, KvValue> shared);

    /** A server-side RPC, with its id where the transport sends it in the payload (HTTP). */
    byte[] rpcRequest(ServerRpcRecord rpc, boolean withId);

    /** A payload in this format as the journal shows it. */
    String describe(byte[] payload);
}
