package io.tbmock.server.model;

import java.util.Objects;

/**
 * What to create: {@code NewDevice.named("dev-1").credentials(DeviceCredentials.token("T1"))}. Without
 * credentials the device gets a generated 20-character access token, as in ThingsBoard.
 */
public record NewDevice(String name, String type, boolean gateway, DeviceCredentials credentials,
                        String provisionProfile) {
    public static final String DEFAULT_TYPE = "default";

    public static NewDevice named(String name) {
        return new NewDevice(name, DEFAULT_TYPE, false, null, null);
    }

    public NewDevice type(String type) {
        return new NewDevice(name, Objects.requireNonNull(type, "type"), gateway, credentials, provisionProfile);
    }

    public NewDevice gateway(boolean gateway) {
        return new NewDevice(name, type, gateway, credentials, provisionProfile);
    }

    public NewDevice credentials(DeviceCredentials credentials) {
        return new NewDevice(name, type, gateway, credentials, provisionProfile);
    }

    /**
     * Pre-provisions the device in a profile with {@link ProvisionStrategy#CHECK_PRE_PROVISIONED_DEVICES}: it
     * may then provision itself, once, and gets these credentials back.
     */
    public NewDevice provisionProfile(String profile) {
        return new NewDevice(name, type, gateway, credentials, profile);
    }
}
