package io.tbmock.server.model;

/**
 * A device as the mock knows it.
 *
 * @param id          internal id (a UUID), stable for the device's life
 * @param name        unique name; the admin API addresses devices by it
 * @param type        the device profile name, {@code default} unless given
 * @param gateway     whether the device may use the gateway API
 * @param credentials how it authenticates
 * @param connected   whether an MQTT session of it is open right now
 * @param createdAt   creation time, epoch milliseconds
 * @param provisionProfile the provision profile the device belongs to, or null
 * @param provisionedBy    the profile it provisioned itself through over MQTT, or null while it has not
 * @param lastConnectedGateway for a gateway's child, the name of the gateway that last connected it (as
 *                         ThingsBoard's {@code additionalInfo.lastConnectedGateway}); null for other devices
 */
public record Device(String id, String name, String type, boolean gateway, DeviceCredentials credentials,
                     boolean connected, long createdAt, String provisionProfile, String provisionedBy,
                     String lastConnectedGateway) {

    /** The same device with other credentials (the minted key handed out once). */
    public Device withCredentials(DeviceCredentials other) {
        return new Device(id, name, type, gateway, other, connected, createdAt, provisionProfile, provisionedBy,
            lastConnectedGateway);
    }
}
