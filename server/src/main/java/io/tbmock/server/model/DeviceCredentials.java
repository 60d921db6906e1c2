package io.tbmock.server.model;

/** How a device authenticates on CONNECT. */
public sealed interface DeviceCredentials permits DeviceCredentials.AccessToken, DeviceCredentials.MqttBasic {

    CredentialsType type();

    /** An access token, sent by the device as its MQTT username. */
    static AccessToken token(String token) {
        return new AccessToken(token);
    }

    /** MQTT Basic credentials; any of the three may be null, as in ThingsBoard. */
    static MqttBasic basic(String clientId, String username, String password) {
        return new MqttBasic(clientId, username, password);
    }

    record AccessToken(String token) implements DeviceCredentials {
        @Override
        public CredentialsType type() {
            return CredentialsType.ACCESS_TOKEN;
        }
    }

    record MqttBasic(String clientId, String username, String password) implements DeviceCredentials {
        @Override
        public CredentialsType type() {
            return CredentialsType.MQTT_BASIC;
        }

        @Override
        public String toString() {
            return "MqttBasic[clientId=" + clientId + ", username=" + username + ", password="
                + (password == null ? "null" : "***") + "]";
        }
    }
}
