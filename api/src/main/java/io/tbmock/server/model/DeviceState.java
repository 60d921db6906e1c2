package io.tbmock.server.model;

/**
 * What ThingsBoard's device state service knows of a device, as it writes it into the device's server-scope
 * attributes of the same names ({@code active}, {@code lastConnectTime}, …): whether the device counts as
 * active, and when it last connected, disconnected and did something. Times are epoch milliseconds, 0 for never.
 *
 * @param active              the device did something within its inactivity timeout; false from its creation
 *                            until its first activity, and again once it has been silent longer than the
 *                            timeout (a disconnect alone does not clear it)
 * @param lastConnectTime     when a session of it last opened
 * @param lastDisconnectTime  when its last session closed
 * @param lastActivityTime    its last reported activity (a publish, subscribe, unsubscribe or ping)
 * @param inactivityAlarmTime when it was last found inactive; 0 once it is active again
 * @param inactivityTimeout   the timeout that applies to it, in milliseconds: its own {@code inactivityTimeout}
 *                            server attribute when that is positive, else the server's default
 */
public record DeviceState(boolean active, long lastConnectTime, long lastDisconnectTime, long lastActivityTime,
                          long inactivityAlarmTime, long inactivityTimeout) {
}
