package io.tbmock.server.device;

import io.tbmock.server.model.DeviceCredentials;

import java.util.Optional;

/** The core's door for device transports that live outside the server module (HTTP). */
public interface DevicePort {

    /**
     * The device whose access token this is, as a session of {@code transport} ({@link io.tbmock.server.model.Event#HTTP}).
     * Only ACCESS_TOKEN credentials match: a device with MQTT Basic or X.509 credentials cannot use the token
     * path, as in ThingsBoard.
     */
    Optional<DeviceLink> byAccessToken(String token, String transport);

    /**
     * A provision request (the same rules as over MQTT), journaled as coming by {@code transport} at
     * {@code where}.
     */
    ProvisionAnswer provision(byte[] request, String transport, String where);

    /** ThingsBoard's credentials id of these credentials: the token, or the hash it keeps for the others. */
    String credentialsId(DeviceCredentials credentials);
}
