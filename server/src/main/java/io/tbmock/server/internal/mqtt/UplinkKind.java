package io.tbmock.server.internal.mqtt;


/** What a device's PUBLISH means, decided by its topic (docs/thingsboard-mqtt.md §3.1). */
public enum UplinkKind {
    TELEMETRY,
    ATTRIBUTES,
    ATTRIBUTE_REQUEST,
    RPC_RESPONSE,
    CLIENT_RPC_REQUEST,
    CLAIM,
    FIRMWARE_CHUNK_REQUEST,
    SOFTWARE_CHUNK_REQUEST,
    GATEWAY,
    UNKNOWN
}
