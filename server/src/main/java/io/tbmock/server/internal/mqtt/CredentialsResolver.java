package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.tb.CredentialsIds;
import io.tbmock.server.internal.tb.ProfileService;
import io.tbmock.server.internal.tb.ServedProfile;
import io.tbmock.server.model.DeviceCredentials;

import java.security.cert.X509Certificate;

import static io.tbmock.server.internal.tb.CredentialsIds.isEmpty;

/**
 * Resolves a CONNECT's client id, username and password to a device in ThingsBoard's order (docs/thingsboard-mqtt.md §2.2,
 * DefaultTransportApiService.validateCredentials):
 * <ol>
 *   <li>no username: MQTT Basic stored under {@code sha3(clientId)}, nothing else;</li>
 *   <li>a username: MQTT Basic under {@code sha3(clientId|username)}; a wrong password there refuses
 *       outright;</li>
 *   <li>otherwise the raw username: an access token (password and client id ignored), or MQTT Basic stored
 *       with the username only.</li>
 * </ol>
 */
public final class CredentialsResolver {
    private final DeviceRegistry devices;
    private final ProfileService profiles;

    public CredentialsResolver(DeviceRegistry devices, ProfileService profiles) {
        this.devices = devices;
        this.profiles = profiles;
    }

    /**
     * A device whose credentials matched, if its profile lets it speak MQTT: ThingsBoard's transport service
     * refuses a profile of another transport type (COAP, LWM2M, SNMP), which the device sees as "server unavailable".
     */
    private AuthResult accepted(DeviceEntry device) {
        ServedProfile profile = profiles.served(device.type());
        String transportType = profile.profile().transportType();
        if (!profile.servesMqtt()) {
            return AuthResult.refused(ConnectRefusal.AUTHENTICATION_ERROR, "the device's profile '" + device.type()
                + "' has transport type " + transportType + ": ThingsBoard refuses it on MQTT (\"Device profile has "
                + "different transport type: " + transportType + ". Expected: MQTT\")");
        }
        return AuthResult.accepted(device);
    }

    public AuthResult resolve(ConnectCredentials connect) {
        if (isEmpty(connect.username())) {
            DeviceEntry device = devices.byCredentialsId(CredentialsIds.forClientId(connect.clientId()));
            if (device != null && device.credentials() instanceof DeviceCredentials.MqttBasic basic
                && fieldsMatch(basic, connect) && passwordMatches(basic, connect)) {
                return accepted(device);
            }
            return unmatched(connect);
        }
        DeviceEntry device = devices.byCredentialsId(
            CredentialsIds.forClientIdAndUsername(connect.clientId(), connect.username()));
        if (device != null && device.credentials() instanceof DeviceCredentials.MqttBasic basic
            && fieldsMatch(basic, connect)) {
            if (passwordMatches(basic, connect)) {
                return accepted(device);
            }
            // A matched MQTT Basic credential with a wrong password does not fall back to access tokens.
            return AuthResult.refused(ConnectRefusal.forUnmatched(connect),
                "wrong password for the MQTT Basic credentials of device '" + device.name() + "'");
        }
        device = devices.byCredentialsId(connect.username());
        if (device != null) {
            if (device.credentials() instanceof DeviceCredentials.AccessToken) {
                return accepted(device);
            }
            if (device.credentials() instanceof DeviceCredentials.MqttBasic basic
                && fieldsMatch(basic, connect) && passwordMatches(basic, connect)) {
                return accepted(device);
            }
        }
        return unmatched(connect);
    }

    /**
     * A client certificate presented over TLS (docs/thingsboard-mqtt.md §2.3): the leaf must be within its validity and be a
     * device's X.509 credential. Username and password are ignored; a refusal is always "not authorized".
     */
    public AuthResult resolve(X509Certificate leaf, long now) {
        if (leaf.getNotAfter().getTime() < now || leaf.getNotBefore().getTime() > now) {
            return AuthResult.refused(ConnectRefusal.NOT_AUTHORIZED, "the client certificate "
                + leaf.getSubjectX500Principal() + " is expired or not yet valid");
        }
        DeviceEntry device = devices.byCredentialsId(CredentialsIds.forCertificate(leaf));
        if (device != null && device.credentials() instanceof DeviceCredentials.X509) {
            return accepted(device);
        }
        return AuthResult.refused(ConnectRefusal.NOT_AUTHORIZED,
            "no device has the client certificate " + leaf.getSubjectX500Principal());
    }

    private static AuthResult unmatched(ConnectCredentials connect) {
        return AuthResult.refused(ConnectRefusal.forUnmatched(connect), "no device has these credentials");
    }

    /** A stored client id or username that is non-empty must equal the CONNECT's. */
    private static boolean fieldsMatch(DeviceCredentials.MqttBasic stored, ConnectCredentials connect) {
        return (isEmpty(stored.clientId()) || stored.clientId().equals(connect.clientId()))
            && (isEmpty(stored.username()) || stored.username().equals(connect.username()));
    }

    /** A stored password must be matched by a non-empty equal one; with none stored, anything goes. */
    private static boolean passwordMatches(DeviceCredentials.MqttBasic stored, ConnectCredentials connect) {
        return isEmpty(stored.password())
            || (!isEmpty(connect.password()) && stored.password().equals(connect.password()));
    }
}
