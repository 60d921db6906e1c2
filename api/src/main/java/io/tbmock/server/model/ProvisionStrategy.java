package io.tbmock.server.model;

/** How a provision profile answers devices that provision themselves (docs/thingsboard-mqtt.md §9.3). */
public enum ProvisionStrategy {
    /** Create a device for each request with a new name. */
    ALLOW_CREATE_NEW_DEVICES,
    /** Only devices created beforehand in the profile may provision, once each. */
    CHECK_PRE_PROVISIONED_DEVICES,
    /** Provisioning is off: every request is answered NOT_FOUND. */
    DISABLED
}
