package io.tbmock.server.model;

/** How a device authenticates on CONNECT. */
public sealed interface DeviceCredentials
    permits DeviceCredentials.AccessToken, DeviceCredentials.MqttBasic, DeviceCredentials.X509 {

    CredentialsType type();

    /** An access token, sent by the device as its MQTT username. */
    static AccessToken token(String token) {
        return new AccessToken(token);
    }

    /** MQTT Basic credentials; any of the three may be null, as in ThingsBoard. */
    static MqttBasic basic(String clientId, String username, String password) {
        return new MqttBasic(clientId, username, password);
    }

    /** A client certificate (PEM) the device presents over TLS; ThingsBoard matches its SHA3 hash. */
    static X509 x509(String certificatePem) {
        return new X509(certificatePem, null);
    }

    /** A client certificate the server mints (CN = the device's name) and returns once, with its key. */
    static X509 x509() {
        return new X509(null, null);
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

    /**
     * @param certificatePem the device's certificate; null when the server is to mint one
     * @param privateKeyPem  the minted certificate's private key, only in what {@code createDevice} returns
     */
    record X509(String certificatePem, String privateKeyPem) implements DeviceCredentials {
        @Override
        public CredentialsType type() {
            return CredentialsType.X509_CERTIFICATE;
        }

        @Override
        public String toString() {
            return "X509[" + (certificatePem == null ? "to be minted" : "certificate") + "]";
        }
    }
}
