package io.tbmock.server.model;

/** What a fault does to a device's connection (docs/faults.md). */
public enum FaultKind {
    /** CONNACK with {@code reasonCode} (a 3.x device gets the 3.x code ThingsBoard maps it to). */
    REFUSE_CONNECT,
    /** Closes the connection after {@code afterMessages} publishes (MQTT 5: DISCONNECT with {@code reasonCode}). */
    CLOSE,
    /** Acknowledges matching publishes {@code delayMs} late. */
    DELAY_PUBACK,
    /** Never acknowledges matching publishes: the device's retry and DUP path. */
    WITHHOLD_PUBACK,
    /** Acknowledges matching publishes with {@code reasonCode} (MQTT 5). */
    PUBACK_REASON,
    /** Sends matching server-to-device messages {@code delayMs} late. */
    DELAY_DOWNLINK,
    /** Sends matching server-to-device messages a second time, with the DUP flag and the same packet id. */
    DUPLICATE_DOWNLINK,
    /** Loses matching server-to-device messages. */
    DROP_DOWNLINK,
    /** Stops reading and writing the device's socket for {@code stallMs}. */
    STALL,
    /** Throttles the device's connection to {@code bytesPerSecond}. */
    BANDWIDTH,
    /** Closes every session and refuses connects for {@code downMs}. */
    RESTART,
    /** ThingsBoard's device rate limits. */
    RATE_LIMIT
}
