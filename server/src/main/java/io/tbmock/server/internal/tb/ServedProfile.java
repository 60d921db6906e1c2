package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.tb.proto.ProtoCodec;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.MqttTransportConfiguration;

/**
 * How the devices of a profile are served over MQTT, worked out once when the profile is saved
 * (docs/device-profiles.md): the transport configuration in force and the codecs of ThingsBoard's adaptors.
 *
 * @param profile              the saved profile, or ThingsBoard's default one for a type that has none
 * @param mqtt                 the topic filters and switches in force: the profile's for an MQTT profile, else the defaults
 * @param codec                what the profile's topics and the plain v1/v2 topics read (for a protobuf profile with
 *                             JSON compatibility: protobuf, then JSON)
 * @param downlinkCodec        what the server writes on the plain v2 topics (protobuf for a protobuf profile)
 * @param defaultTopicsCodec   what the server writes on the v1 topics ({@code useJsonPayloadFormatForDefaultDownlinkTopics})
 * @param protobuf             what the {@code /p} topics read and write: the profile's schemas, or none for a JSON
 *                             profile (then only ThingsBoard's fixed messages)
 */
public record ServedProfile(DeviceProfile profile, MqttTransportConfiguration mqtt, PayloadCodec codec,
                            PayloadCodec downlinkCodec, PayloadCodec defaultTopicsCodec, ProtoCodec protobuf) {

    /** Whether ThingsBoard lets the profile's devices connect over MQTT: a DEFAULT or MQTT transport type. */
    public boolean servesMqtt() {
        return profile.transportType().equals(DeviceProfile.DEFAULT) || profile.transportType().equals(DeviceProfile.MQTT);
    }

    /**
     * Whether the profile's payload type is PROTOBUF: a gateway of such a profile speaks ThingsBoard's protobuf
     * gateway messages on every {@code v1/gateway} topic.
     */
    public boolean protobufPayloads() {
        return mqtt.protobuf() != null;
    }
}
