package io.tbmock.server.model;

import java.util.Objects;

/**
 * A device profile's provisioning settings, as a device meets them: it sends the key and the secret.
 *
 * @param name                  the profile's name; devices it creates get it as their type
 * @param provisionDeviceKey    the key devices send, unique across profiles
 * @param provisionDeviceSecret the secret devices send
 * @param strategy              how requests are answered
 */
public record ProvisionProfile(String name, String provisionDeviceKey, String provisionDeviceSecret,
                               ProvisionStrategy strategy) {
    public ProvisionProfile {
        Objects.requireNonNull(strategy, "strategy");
    }
}
