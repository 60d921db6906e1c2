package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.mqtt.Topics.Family;
import io.tbmock.server.model.MqttTransportConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The topic catalogue of docs/thingsboard-mqtt.md §3.1, in ThingsBoard's order. */
class UplinkTopicTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "v1/devices/me/telemetry, TELEMETRY, V1, -",
        "v1/devices/me/attributes, ATTRIBUTES, V1, -",
        "v1/devices/me/attributes/request/7, ATTRIBUTE_REQUEST, V1, 7",
        "v1/devices/me/rpc/response/0, RPC_RESPONSE, V1, 0",
        "v1/devices/me/rpc/request/42, CLIENT_RPC_REQUEST, V1, 42",
        "v1/devices/me/claim, CLAIM, V1, -",
        "v2/fw/request/3/chunk/9, FIRMWARE_CHUNK_REQUEST, -, 3",
        "v2/sw/request/3/chunk/9, SOFTWARE_CHUNK_REQUEST, -, 3",
        "prefix/v2/fw/request/3/chunk/9, FIRMWARE_CHUNK_REQUEST, -, 3",
        "v2/fw/request/x/chunk/9, UNKNOWN, -, -",
        "v2/t, TELEMETRY, V2, -",
        "v2/t/j, TELEMETRY, V2_JSON, -",
        "v2/t/p, TELEMETRY, V2_PROTO, -",
        "v2/a, ATTRIBUTES, V2, -",
        "v2/a/j, ATTRIBUTES, V2_JSON, -",
        "v2/a/p, ATTRIBUTES, V2_PROTO, -",
        "v2/r/res/j/5, RPC_RESPONSE, V2_JSON, 5",
        "v2/r/res/p/5, RPC_RESPONSE, V2_PROTO, 5",
        "v2/r/res/5, RPC_RESPONSE, V2, 5",
        "v2/r/req/j/5, CLIENT_RPC_REQUEST, V2_JSON, 5",
        "v2/r/req/5, CLIENT_RPC_REQUEST, V2, 5",
        "v2/a/req/j/5, ATTRIBUTE_REQUEST, V2_JSON, 5",
        "v2/a/req/p/5, ATTRIBUTE_REQUEST, V2_PROTO, 5",
        "v2/a/req/5, ATTRIBUTE_REQUEST, V2, 5",
        "v1/gateway/telemetry, GATEWAY, -, -",
        "v1/gatewayish, GATEWAY, -, -",
        "v1/devices/me/telemetry/extra, UNKNOWN, -, -",
        "v1/devices/me, UNKNOWN, -, -",
        "/provision/request, UNKNOWN, -, -"})
    void topicsAreClassifiedAsThingsBoardDoes(String topic, UplinkKind kind, Family family, String suffix) {
        UplinkTopic classified = UplinkTopic.classify(topic, ProfileTopics.of(MqttTransportConfiguration.json()));
        assertEquals(kind, classified.kind());
        assertEquals(family, classified.family());
        assertEquals(suffix, classified.suffix());
    }
}
