package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.ProtobufPayload;

/**
 * A device profile's transport settings in ThingsBoard's JSON (its DeviceProfile {@code transportType} and
 * {@code profileData.transportConfiguration}; docs/device-profiles.md), read and written the same way by the admin
 * API, the config file and ThingsBoard's REST API.
 */
public final class DeviceProfileJson {
    private static final String[] MQTT_FIELDS = {"type", "deviceTelemetryTopic", "deviceAttributesTopic",
        "deviceAttributesSubscribeTopic", "sendAckOnValidationException", "sparkplug", "sparkplugAttributesMetricNames",
        "transportPayloadTypeConfiguration"};
    private static final String[] PAYLOAD_FIELDS = {"transportPayloadType", "deviceTelemetryProtoSchema",
        "deviceAttributesProtoSchema", "deviceRpcRequestProtoSchema", "deviceRpcResponseProtoSchema",
        "enableCompatibilityWithJsonPayloadFormat", "useJsonPayloadFormatForDefaultDownlinkTopics"};

    private DeviceProfileJson() {
    }

    /**
     * The profile {@code name} with ThingsBoard's {@code transportType} (DEFAULT when null) and
     * {@code transportConfiguration} (its defaults when null). A configuration of type MQTT is read whole; one of
     * another type (CoAP, LwM2M, SNMP) only counts by the transport type.
     *
     * @param strict whether an unknown field is refused (the admin API) or ignored (ThingsBoard's REST API)
     * @throws ApiError 400 a field of the wrong kind, or an unknown one when strict
     */
    public static DeviceProfile read(String name, String transportType, ObjectNode transportConfiguration,
                                     boolean strict) {
        String path = "transportConfiguration";
        if (transportConfiguration == null || !"MQTT".equals(transportConfiguration.path("type").asText())) {
            return new DeviceProfile(name, transportType, null);
        }
        if (strict) {
            Json.onlyFields(transportConfiguration, path, MQTT_FIELDS);
        }
        if (strict && Json.bool(transportConfiguration, "sparkplug", path + ".sparkplug", false)) {
            throw ApiError.badRequest("'" + path + ".sparkplug': Sparkplug B sessions are not supported by tbmock");
        }
        ObjectNode payload = Json.object(transportConfiguration, "transportPayloadTypeConfiguration",
            path + ".transportPayloadTypeConfiguration");
        return new DeviceProfile(name, transportType, new MqttTransportConfiguration(
            Json.string(transportConfiguration, "deviceTelemetryTopic", path + ".deviceTelemetryTopic"),
            Json.string(transportConfiguration, "deviceAttributesTopic", path + ".deviceAttributesTopic"),
            Json.string(transportConfiguration, "deviceAttributesSubscribeTopic", path + ".deviceAttributesSubscribeTopic"),
            Json.bool(transportConfiguration, "sendAckOnValidationException", path + ".sendAckOnValidationException", false),
            payload == null ? null : protobuf(payload, path + ".transportPayloadTypeConfiguration", strict)));
    }

    /** A PROTOBUF payload configuration, or null for JSON. */
    private static ProtobufPayload protobuf(ObjectNode payload, String path, boolean strict) {
        if (strict) {
            Json.onlyFields(payload, path, PAYLOAD_FIELDS);
        }
        String type = Json.string(payload, "transportPayloadType", path + ".transportPayloadType");
        if (type == null || type.equals("JSON")) {
            return null;
        }
        if (!type.equals("PROTOBUF")) {
            throw ApiError.badRequest("'" + path + ".transportPayloadType' must be JSON or PROTOBUF, was '" + type + "'");
        }
        return new ProtobufPayload(
            Json.string(payload, "deviceTelemetryProtoSchema", path + ".deviceTelemetryProtoSchema"),
            Json.string(payload, "deviceAttributesProtoSchema", path + ".deviceAttributesProtoSchema"),
            Json.string(payload, "deviceRpcRequestProtoSchema", path + ".deviceRpcRequestProtoSchema"),
            Json.string(payload, "deviceRpcResponseProtoSchema", path + ".deviceRpcResponseProtoSchema"),
            Json.bool(payload, "enableCompatibilityWithJsonPayloadFormat",
                path + ".enableCompatibilityWithJsonPayloadFormat", false),
            Json.bool(payload, "useJsonPayloadFormatForDefaultDownlinkTopics",
                path + ".useJsonPayloadFormatForDefaultDownlinkTopics", false));
    }

    /**
     * The transport configuration as ThingsBoard writes it back, defaults filled in: an MQTT profile's whole, else
     * {@code {"type":"<transport type>"}}.
     */
    public static ObjectNode transportConfiguration(DeviceProfile profile) {
        MqttTransportConfiguration mqtt = profile.mqtt();
        if (!profile.transportType().equals(DeviceProfile.MQTT) || mqtt == null) {
            return Json.object().put("type", profile.transportType());
        }
        ObjectNode json = Json.object().put("type", "MQTT").put("deviceTelemetryTopic", mqtt.deviceTelemetryTopic())
            .put("deviceAttributesTopic", mqtt.deviceAttributesTopic())
            .put("deviceAttributesSubscribeTopic", mqtt.deviceAttributesSubscribeTopic())
            .put("sparkplug", false).putNull("sparkplugAttributesMetricNames")
            .put("sendAckOnValidationException", mqtt.sendAckOnValidationException());
        ProtobufPayload protobuf = mqtt.protobuf();
        ObjectNode payload = json.putObject("transportPayloadTypeConfiguration");
        if (protobuf == null) {
            payload.put("transportPayloadType", "JSON");
        } else {
            payload.put("transportPayloadType", "PROTOBUF")
                .put("deviceTelemetryProtoSchema", protobuf.deviceTelemetryProtoSchema())
                .put("deviceAttributesProtoSchema", protobuf.deviceAttributesProtoSchema())
                .put("deviceRpcRequestProtoSchema", protobuf.deviceRpcRequestProtoSchema())
                .put("deviceRpcResponseProtoSchema", protobuf.deviceRpcResponseProtoSchema())
                .put("enableCompatibilityWithJsonPayloadFormat", protobuf.enableCompatibilityWithJsonPayloadFormat())
                .put("useJsonPayloadFormatForDefaultDownlinkTopics",
                    protobuf.useJsonPayloadFormatForDefaultDownlinkTopics());
        }
        return json;
    }

    /** The admin API's view: {@code {"name","transportType","transportConfiguration"}}. */
    public static ObjectNode view(DeviceProfile profile) {
        ObjectNode json = Json.object().put("name", profile.name()).put("transportType", profile.transportType());
        json.set("transportConfiguration", transportConfiguration(profile));
        return json;
    }
}
