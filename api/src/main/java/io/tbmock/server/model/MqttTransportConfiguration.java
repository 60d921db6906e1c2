package io.tbmock.server.model;

/**
 * A device profile's MQTT transport configuration, as ThingsBoard's MqttDeviceProfileTransportConfiguration
 * holds it (docs/device-profiles.md). A blank topic means ThingsBoard's default for it.
 *
 * @param deviceTelemetryTopic           the topic filter telemetry is published on ({@code +} and {@code #} allowed);
 *                                       it replaces {@code v1/devices/me/telemetry}
 * @param deviceAttributesTopic          the topic filter client attributes are published on; it replaces
 *                                       {@code v1/devices/me/attributes} and is tried before the telemetry filter
 * @param deviceAttributesSubscribeTopic a further topic filter a device may subscribe to for shared-attribute updates
 *                                       (they are still published on {@code v1/devices/me/attributes})
 * @param sendAckOnValidationException   whether an MQTT 3.x device's undecodable publish is acknowledged instead of
 *                                       closing its connection
 * @param protobuf                       the protobuf payload settings; null for JSON payloads
 */
public record MqttTransportConfiguration(String deviceTelemetryTopic, String deviceAttributesTopic,
                                         String deviceAttributesSubscribeTopic, boolean sendAckOnValidationException,
                                         ProtobufPayload protobuf) {
    public static final String DEFAULT_TELEMETRY_TOPIC = "v1/devices/me/telemetry";
    public static final String DEFAULT_ATTRIBUTES_TOPIC = "v1/devices/me/attributes";

    public MqttTransportConfiguration {
        deviceTelemetryTopic = orDefault(deviceTelemetryTopic, DEFAULT_TELEMETRY_TOPIC);
        deviceAttributesTopic = orDefault(deviceAttributesTopic, DEFAULT_ATTRIBUTES_TOPIC);
        deviceAttributesSubscribeTopic = orDefault(deviceAttributesSubscribeTopic, DEFAULT_ATTRIBUTES_TOPIC);
    }

    /** The default topics, JSON payloads. */
    public static MqttTransportConfiguration json() {
        return new MqttTransportConfiguration(null, null, null, false, null);
    }

    /** Custom topic filters, JSON payloads. */
    public static MqttTransportConfiguration topics(String telemetryTopic, String attributesTopic,
                                                    String attributesSubscribeTopic) {
        return new MqttTransportConfiguration(telemetryTopic, attributesTopic, attributesSubscribeTopic, false, null);
    }

    /** The default topics, protobuf payloads. */
    public static MqttTransportConfiguration protobuf(ProtobufPayload protobuf) {
        return new MqttTransportConfiguration(null, null, null, false, protobuf);
    }

    public MqttTransportConfiguration withTopics(String telemetryTopic, String attributesTopic,
                                                 String attributesSubscribeTopic) {
        return new MqttTransportConfiguration(telemetryTopic, attributesTopic, attributesSubscribeTopic,
            sendAckOnValidationException, protobuf);
    }

    public MqttTransportConfiguration withSendAckOnValidationException(boolean sendAck) {
        return new MqttTransportConfiguration(deviceTelemetryTopic, deviceAttributesTopic,
            deviceAttributesSubscribeTopic, sendAck, protobuf);
    }

    private static String orDefault(String topic, String fallback) {
        return topic == null || topic.isBlank() ? fallback : topic;
    }
}
