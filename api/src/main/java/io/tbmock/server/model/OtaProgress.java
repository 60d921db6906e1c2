package io.tbmock.server.model;

import java.util.List;

/**
 * A device's update from an assigned package, as far as the mock saw it.
 *
 * @param packageId    the assigned package
 * @param title        its title
 * @param version      its version
 * @param chunksServed chunk requests answered with data
 * @param bytesServed  bytes of the package sent
 * @param states       the {@code fw_state} (or {@code sw_state}) values written since the assignment, oldest
 *                     first: QUEUED and INITIATED by the server, then what the device reported
 */
public record OtaProgress(String packageId, String title, String version, long chunksServed, long bytesServed,
                          List<String> states) {
    public OtaProgress {
        states = List.copyOf(states);
    }
}
