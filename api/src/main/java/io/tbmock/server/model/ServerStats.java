package io.tbmock.server.model;

/**
 * What the mock holds right now, and what it let go of: the stores are bounded, and whatever they dropped
 * to stay within their bounds is counted here, never silently. Counts start again at a reset.
 *
 * @param devices                devices that exist
 * @param connectedDevices       devices with an open MQTT session
 * @param events                 events kept in the journal
 * @param eventsDropped          the oldest events dropped because the journal was full
 *                               ({@code TbMockOptions.journalCapacity})
 * @param telemetryValuesDropped the oldest telemetry values dropped because a key of a device held its
 *                               maximum ({@code TbMockOptions.maxValuesPerKey}), over the devices that exist
 * @param rpcsDropped            finished server-side RPCs dropped from devices' RPC lists, likewise bounded
 * @param clientRpcsDropped      client-side RPC requests dropped from devices' lists, likewise bounded
 * @param pendingWaits           waits in progress on the journal (long polls and {@code await…} calls)
 * @param lastSeq                the sequence number of the newest event journaled (0 before the first), which
 *                               keeps growing across resets: reading the journal after it sees only what
 *                               happens next
 */
public record ServerStats(int devices, int connectedDevices, int events, long eventsDropped,
                          long telemetryValuesDropped, long rpcsDropped, long clientRpcsDropped, int pendingWaits,
                          long lastSeq) {
}
