package io.tbmock.server.internal.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertSame;

/** A fixed uplink topic, decoded afresh from every PUBLISH, is kept as one shared string. */
class TopicsTest {

    @ParameterizedTest
    @ValueSource(strings = {"v1/devices/me/telemetry", "v1/devices/me/attributes", "v2/t", "v2/a/p",
        "v1/devices/me/claim", "v1/gateway/telemetry", "v1/gateway/connect"})
    void aFixedTopicIsTheSharedString(String topic) {
        String decoded = new String(topic.toCharArray());
        assertSame(Topics.shared(topic), Topics.shared(decoded));
    }

    @Test
    void anyOtherTopicIsItself() {
        String requestTopic = new String("v1/devices/me/rpc/request/7".toCharArray());
        assertSame(requestTopic, Topics.shared(requestTopic));
    }
}
