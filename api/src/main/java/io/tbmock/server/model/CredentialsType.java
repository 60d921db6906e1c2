package io.tbmock.server.model;

/** ThingsBoard's device credential types. */
public enum CredentialsType {
    ACCESS_TOKEN, MQTT_BASIC, X509_CERTIFICATE
}
