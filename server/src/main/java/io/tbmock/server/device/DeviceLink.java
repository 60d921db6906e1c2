package io.tbmock.server.device;

import io.tbmock.server.model.OtaPackageType;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One authenticated device as a transport's request sees it (ThingsBoard's SYNC session: it never counts as a
 * connection, so it sets no connect or disconnect time and displaces no MQTT session). Every call is journaled
 * with the transport and {@code where} (the method and path the device called); those ThingsBoard counts as
 * activity update the device's {@code lastActivityTime}. Payloads are JSON, read as ThingsBoard reads them.
 */
public interface DeviceLink {
    String deviceName();

    /**
     * The fault that bites this request, if any (docs/faults.md), counted and journaled: REFUSE_CONNECT refuses it,
     * STALL holds it, DELAY_PUBACK delays the answer to an upload and DELAY_DOWNLINK the answer to a request for
     * something the server sends, RATE_LIMIT limits it as ThingsBoard's rate limits do. Faults for another transport
     * or with a topic filter, and the kinds that act on MQTT packets, do not bite these requests.
     *
     * @param upload    whether the request sends the server something (a POST)
     * @param telemetry the telemetry it sends, whose values a data-point limit counts; null for other requests
     * @return null when none bites
     */
    RequestFault fault(String where, boolean upload, byte[] telemetry);

    /**
     * Telemetry: an object, {@code {"ts","values"}}, or an array of those.
     *
     * @return how many timestamped sets of values it held: 0 for an empty array
     */
    int telemetry(String where, byte[] payload) throws PayloadRefusedException;

    /** Client attributes: a JSON object. */
    void attributes(String where, byte[] payload) throws PayloadRefusedException;

    /**
     * The device's client and shared attributes, as {@code {"client":{…},"shared":{…}}} with empty sections left
     * out. A null set is a scope not asked for; both null asks for everything.
     */
    byte[] attributes(String where, Set<String> clientKeys, Set<String> sharedKeys);

    /**
     * The next change of the device's shared attributes ({@code {"k":v}} or {@code {"deleted":[…]}}), after this
     * call: no snapshot, and one change per call. Cancel the future to give up. Fails with
     * {@link DeviceGoneException} when the device is deleted meanwhile.
     */
    CompletableFuture<byte[]> nextAttributeUpdate(String where);

    /**
     * The first server-side RPC not yet finished (one delivered and not answered is handed out again), now or
     * when one is sent; {@code {"id","method","params"}}. Cancel the future to give up: the core then remembers,
     * as ThingsBoard's device actor does, that the device polled, and a one-way RPC sent before the next poll
     * is lost. Fails with {@link DeviceGoneException} when the device is deleted meanwhile.
     */
    CompletableFuture<PolledRpc> nextRpc(String where);

    /** The reply to server-side RPC {@code id}: any bytes; a reply nobody awaits is ignored. */
    void rpcReply(String where, int id, byte[] payload);

    /**
     * A client-side RPC {@code {"method","params"}}: completes with the answer (a stub's, or
     * {@code {"error":"timeout"}} once the client-RPC timeout passes), or with null when nothing came within
     * {@code sessionTimeout}.
     */
    CompletableFuture<byte[]> clientRpc(String where, byte[] request, Duration sessionTimeout)
        throws PayloadRefusedException;

    /** A claim: an optional {@code {"secretKey","durationMs"}}. */
    void claim(String where, byte[] payload) throws PayloadRefusedException;

    /**
     * A package assigned to the device, whole ({@code size} ≤ 0) or chunk {@code chunk} of {@code size} bytes.
     *
     * @throws IndexOutOfBoundsException a negative chunk of a positive size (ThingsBoard fails on it)
     */
    OtaDownload ota(String where, OtaPackageType type, String title, String version, int size, int chunk);
}
