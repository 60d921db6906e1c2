package io.tbmock.server.model;

import java.util.Objects;

/**
 * A device profile as a device meets it over MQTT (docs/device-profiles.md): the devices whose type is its name are
 * served by its transport settings. A type with no profile is served by ThingsBoard's default one (JSON on the
 * {@code v1/devices/me/…} topics).
 *
 * @param name          the profile's name, which is the type of its devices
 * @param transportType ThingsBoard's {@code transportType}: {@code DEFAULT}, {@code MQTT}, {@code COAP},
 *                      {@code LWM2M} or {@code SNMP}; a device whose profile is neither DEFAULT nor MQTT is refused
 *                      on MQTT, as ThingsBoard refuses it
 * @param mqtt          the MQTT transport configuration, used when {@code transportType} is MQTT; null for the
 *                      default topics and JSON
 */
public record DeviceProfile(String name, String transportType, MqttTransportConfiguration mqtt) {
    public static final String DEFAULT = "DEFAULT";
    public static final String MQTT = "MQTT";

    public DeviceProfile {
        Objects.requireNonNull(name, "name");
        transportType = transportType == null ? DEFAULT : transportType;
    }

    /** A profile with ThingsBoard's MQTT transport type and this configuration. */
    public static DeviceProfile mqtt(String name, MqttTransportConfiguration mqtt) {
        return new DeviceProfile(name, MQTT, mqtt);
    }
}
