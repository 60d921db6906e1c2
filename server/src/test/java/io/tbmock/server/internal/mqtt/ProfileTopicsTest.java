package io.tbmock.server.internal.mqtt;

import io.tbmock.server.model.MqttTransportConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A profile's topic filters match as ThingsBoard's MqttTopicFilterFactory (and its test) says. */
class ProfileTopicsTest {

    @ParameterizedTest
    @CsvSource({
        "Sensor/+/House/#, Sensor/Temperature/House/48, true",
        "Sensor/+/House/#, Sensor/Temperature/House, true",
        "Sensor/+/House/#, Sensor/Temperature/Car/48, false",
        "Sensor/#, Sensor/Temperature, true",
        "Sensor/#, Sensor, true",
        "Sensor/Temperature#, Sensor/Temperature, false",
        "#, anything/at/all, true",
        "a/+, a/b/c, false",
        "a/+, a/, false",
        "dev/t, dev/t, true",
        "dev/t, dev/tt, false",
        // no metacharacter but + and # is escaped: a dot in a wildcard filter matches any character
        "dev.+/t, devX7/t, true",
        "dev.t, devXt, false"})
    void filtersMatchAsThingsBoardMatchesThem(String filter, String topic, boolean matches) {
        assertEquals(matches, ProfileTopics.filter(filter).test(topic));
    }

    @ParameterizedTest
    @CsvSource({
        "dev/attrs, ATTRIBUTES", "dev/tele, TELEMETRY", "v1/devices/me/telemetry, UNKNOWN",
        "v1/devices/me/attributes, UNKNOWN", "v1/devices/me/rpc/request/1, CLIENT_RPC_REQUEST"})
    void customFiltersReplaceTheV1UploadTopics(String topic, UplinkKind kind) {
        ProfileTopics topics = ProfileTopics.of(MqttTransportConfiguration.topics("dev/tele", "dev/attrs", null));
        assertEquals(kind, UplinkTopic.classify(topic, topics).kind());
    }

    @ParameterizedTest
    @CsvSource({
        "v1/devices/me/rpc/request/1, ATTRIBUTES", "v1/devices/me/telemetry, ATTRIBUTES", "v2/t, ATTRIBUTES",
        "v1/gateway/telemetry, GATEWAY"})
    void aBroadAttributesFilterCapturesTheOtherDeviceTopics(String topic, UplinkKind kind) {
        ProfileTopics topics = ProfileTopics.of(MqttTransportConfiguration.topics("v1/devices/me/#", "#", null));
        assertEquals(kind, UplinkTopic.classify(topic, topics).kind());
    }
}
