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
    /** A two-way server-side RPC got no reply within its timeout ({@code {"id","method"}}; why in the error). */
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
    GATEWAY_DEVICE_NOTICE
}
