package io.tbmock.testing;

/** The MQTT versions a device under test speaks; black-box tests run their cases for each. */
public enum MqttProtocol {
    MQTT_3_1(3),
    MQTT_3_1_1(4),
    MQTT_5(5);

    private final int level;

    MqttProtocol(int level) {
        this.level = level;
    }

    /** The protocol level in CONNECT (and in the session's {@code protocolVersion}). */
    public int level() {
        return level;
    }
}
