package io.tbmock.server.model;

import java.util.Objects;

/**
 * A fault to inject (docs/faults.md): its kind, which devices and topics it bites, how long it lasts, and its
 * parameters. A fault fires {@code count} times (one-shot kinds default to 1), or for {@code activeMs} when that
 * is given instead.
 *
 * @param kind          what it does
 * @param device        the device it bites; null for every device
 * @param topic         an MQTT topic filter ({@code +}, {@code #}) the packet's topic must match; null for any
 * @param count         how many times it fires before it is spent; null for the kind's default
 * @param activeMs      how long it stays, in milliseconds; null for no time bound
 * @param reasonCode    the CONNACK, PUBACK or DISCONNECT reason code, for the kinds that send one
 * @param delayMs       the delay, for the {@code DELAY_*} kinds
 * @param afterMessages for {@link FaultKind#CLOSE}: the device's publishes after which its connection closes
 * @param dropMessage   for the PUBACK kinds: the publish is also not processed (nothing stored)
 * @param afterMs       for {@link FaultKind#CLOSE}: how long after it connects (or, connected already, after the fault
 *                      is created) the device's connection closes
 * @param atOtaChunk    for {@link FaultKind#CLOSE}: the OTA chunk index after whose sending the connection closes
 * @param downMs        for {@link FaultKind#RESTART}: how long connects are refused
 * @param forgetState   for {@link FaultKind#RESTART}: what devices sent and were sent is forgotten, as a restarted
 *                      in-memory server forgets it
 * @param stallMs       for {@link FaultKind#STALL}: how long the connection is neither read nor written
 * @param bytesPerSecond for {@link FaultKind#BANDWIDTH}: the throttle, each way
 * @param messages      for {@link FaultKind#RATE_LIMIT}: ThingsBoard's device message limit, such as
 *                      {@code "5:1,100:60"} (capacity:seconds pairs), for what is not telemetry, CONNECTs included
 * @param telemetryMessages   for {@link FaultKind#RATE_LIMIT}: the limit of telemetry messages
 * @param telemetryDataPoints for {@link FaultKind#RATE_LIMIT}: the limit of telemetry values (key-value pairs)
 * @param transport     the device transport it bites ({@code "MQTT"} or {@code "HTTP"}); null for every transport
 *                      where the kind means something. A kind that means nothing on the transport is refused.
 */
public record NewFault(FaultKind kind, String device, String topic, Integer count, Long activeMs, Integer reasonCode,
                       Long delayMs, Integer afterMessages, boolean dropMessage, Long afterMs, Integer atOtaChunk,
                       Long downMs, boolean forgetState, Long stallMs, Long bytesPerSecond, String messages,
                       String telemetryMessages, String telemetryDataPoints, String transport) {
    public NewFault {
        Objects.requireNonNull(kind, "kind");
    }

    public static NewFault of(FaultKind kind) {
        return new NewFault(kind, null, null, null, null, null, null, null, false, null, null, null, false, null, null,
            null, null, null, null);
    }

    /** CONNACK with {@code reasonCode} (MQTT 5 code: 0x88 server unavailable, 0x89 server busy, 0x9F rate exceeded). */
    public static NewFault refuseConnect(String device, int reasonCode) {
        return of(FaultKind.REFUSE_CONNECT).device(device).reasonCode(reasonCode);
    }

    /** The connection closes once the device has published {@code messages} times. */
    public static NewFault closeAfterMessages(String device, int messages) {
        return of(FaultKind.CLOSE).device(device).afterMessages(messages);
    }

    /** The device's connection closes {@code ms} after it connects (or after now, when it is connected). */
    public static NewFault closeAfterMs(String device, long ms) {
        return of(FaultKind.CLOSE).device(device).afterMs(ms);
    }

    /** The device's connection closes once OTA chunk {@code index} has been sent to it. */
    public static NewFault closeAtOtaChunk(String device, int index) {
        return of(FaultKind.CLOSE).device(device).atOtaChunk(index);
    }

    /**
     * Every session closes (MQTT 5: DISCONNECT 0x8B) and connects are refused with "server unavailable" for
     * {@code downMs}, as a restarting server does.
     */
    public static NewFault restart(long downMs, boolean forgetState) {
        return new NewFault(FaultKind.RESTART, null, null, null, null, null, null, null, false, null, null, downMs,
            forgetState, null, null, null, null, null, null);
    }

    /** The device's connection is neither read nor written for {@code ms}: a half-open link, for its keep-alive. */
    public static NewFault stall(String device, long ms) {
        return of(FaultKind.STALL).device(device).stallMs(ms);
    }

    /** The device's connection is throttled to {@code bytesPerSecond} each way until the fault is removed. */
    public static NewFault bandwidth(String device, long bytesPerSecond) {
        return of(FaultKind.BANDWIDTH).device(device).bytesPerSecond(bytesPerSecond);
    }

    /**
     * ThingsBoard's device rate limits for the device, each in its syntax ({@code "5:1,100:60"}: capacity:seconds
     * pairs) or null for none; a standing fault.
     */
    public static NewFault rateLimit(String device, String messages, String telemetryMessages,
                                     String telemetryDataPoints) {
        return new NewFault(FaultKind.RATE_LIMIT, device, null, null, null, null, null, null, false, null, null, null,
            false, null, null, messages, telemetryMessages, telemetryDataPoints, null);
    }

    public static NewFault duplicateDownlink(String device) {
        return of(FaultKind.DUPLICATE_DOWNLINK).device(device);
    }

    public static NewFault delayPuback(String device, long delayMs) {
        return of(FaultKind.DELAY_PUBACK).device(device).delayMs(delayMs);
    }

    public static NewFault withholdPuback(String device) {
        return of(FaultKind.WITHHOLD_PUBACK).device(device);
    }

    public static NewFault pubackReason(String device, int reasonCode) {
        return of(FaultKind.PUBACK_REASON).device(device).reasonCode(reasonCode);
    }

    public static NewFault delayDownlink(String device, long delayMs) {
        return of(FaultKind.DELAY_DOWNLINK).device(device).delayMs(delayMs);
    }

    public static NewFault dropDownlink(String device) {
        return of(FaultKind.DROP_DOWNLINK).device(device);
    }

    public NewFault device(String name) {
        return new NewFault(kind, name, topic, count, activeMs, reasonCode, delayMs, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault topic(String filter) {
        return new NewFault(kind, device, filter, count, activeMs, reasonCode, delayMs, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault count(int times) {
        return new NewFault(kind, device, topic, times, activeMs, reasonCode, delayMs, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault activeMs(long ms) {
        return new NewFault(kind, device, topic, count, ms, reasonCode, delayMs, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault reasonCode(int code) {
        return new NewFault(kind, device, topic, count, activeMs, code, delayMs, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault delayMs(long ms) {
        return new NewFault(kind, device, topic, count, activeMs, reasonCode, ms, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault afterMessages(int publishes) {
        return new NewFault(kind, device, topic, count, activeMs, reasonCode, delayMs, publishes, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault dropMessage(boolean drop) {
        return new NewFault(kind, device, topic, count, activeMs, reasonCode, delayMs, afterMessages, drop,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault afterMs(long ms) {
        return new NewFault(kind, device, topic, count, activeMs, reasonCode, delayMs, afterMessages, dropMessage,
            ms, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault atOtaChunk(int index) {
        return new NewFault(kind, device, topic, count, activeMs, reasonCode, delayMs, afterMessages, dropMessage,
            afterMs, index, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault stallMs(long ms) {
        return new NewFault(kind, device, topic, count, activeMs, reasonCode, delayMs, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, ms, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    public NewFault bytesPerSecond(long rate) {
        return new NewFault(kind, device, topic, count, activeMs, reasonCode, delayMs, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, rate,
            messages, telemetryMessages, telemetryDataPoints, transport);
    }

    /** Bites only the device's requests over that transport ({@code "MQTT"} or {@code "HTTP"}). */
    public NewFault transport(String name) {
        return new NewFault(kind, device, topic, count, activeMs, reasonCode, delayMs, afterMessages, dropMessage,
            afterMs, atOtaChunk, downMs, forgetState, stallMs, bytesPerSecond,
            messages, telemetryMessages, telemetryDataPoints, name);
    }
}
