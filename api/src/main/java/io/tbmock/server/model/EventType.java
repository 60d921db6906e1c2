package io.tbmock.server.model;

/** The kinds of exchange the event journal records (docs/admin-api.md, "Event journal"). */
public enum EventType {
    CONNECT,
    CONNECT_REJECTED,
    SUBSCRIBE,
    UNSUBSCRIBE,
    TELEMETRY,
    ATTRIBUTES,
    ATTRIBUTE_REQUEST,
    ATTRIBUTE_RESPONSE,
    ATTRIBUTE_UPDATE,
    RPC_REQUEST,
    RPC_RESPONSE,
    /**
     * A server-side RPC did not finish within its timeout ({@code {"id","method"}}); the error says what became of
     * it: not delivered, sent but not acknowledged (one-way), or sent but not replied to (two-way).
     */
    RPC_TIMEOUT,
    CLIENT_RPC_REQUEST,
    CLIENT_RPC_RESPONSE,
    CLAIM,
    PROVISION_REQUEST,
    PROVISION_RESPONSE,
    OTA_CHUNK_REQUEST,
    OTA_CHUNK,
    /** Something the device sent that ThingsBoard would not accept; {@link Event#error()} says why. */
    REJECTED,
    DISCONNECT,
    /**
     * The {@code v1/gateway/disconnect} notice ThingsBoard publishes to an MQTT 5 gateway about one of its
     * devices ({@code {"device","reason"}}); the event is the device's, with the gateway named.
     */
    GATEWAY_DEVICE_NOTICE,
    /**
     * A device found {@link #INACTIVE} did something again: ThingsBoard's device state service writes
     * {@code active=true}. (A device's first activity is its CONNECT, which makes it active; no event of this
     * type is added.) The payload is ThingsBoard's DeviceState JSON ({@code {"active","lastConnectTime",
     * "lastActivityTime","lastDisconnectTime","lastInactivityAlarmTime","inactivityTimeout"}}).
     */
    ACTIVE,
    /** The device was silent longer than its inactivity timeout: {@code active=false} (payload as ACTIVE's). */
    INACTIVE,
    /** The device was renamed ({@code {"oldName","newName"}}); the event carries the new name. */
    RENAMED,
    /** A fault fired (docs/faults.md): its id and what it did. */
    FAULT
}
