package io.tbmock.server.internal.mqtt;

import io.tbmock.server.model.MqttTransportConfiguration;

import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A device profile's MQTT topic filters, matched as ThingsBoard's MqttTopicFilterFactory matches them
 * (docs/device-profiles.md, "Custom topics"): {@code #} alone matches everything; a filter with {@code +} or
 * {@code #} becomes a regular expression ({@code +} one level, {@code /#} the rest or nothing, no other character
 * escaped but the backslash, so {@code .} matches any character) matched against the whole topic; any other filter
 * matches only itself.
 *
 * @param telemetry          telemetry uploads
 * @param attributes         client attribute uploads (tried first)
 * @param attributesSubscribe SUBSCRIBE filters that register for shared-attribute updates
 */
record ProfileTopics(MqttTransportConfiguration source, Predicate<String> telemetry, Predicate<String> attributes,
                     Predicate<String> attributesSubscribe) {

    static ProfileTopics of(MqttTransportConfiguration mqtt) {
        return new ProfileTopics(mqtt, filter(mqtt.deviceTelemetryTopic()), filter(mqtt.deviceAttributesTopic()),
            filter(mqtt.deviceAttributesSubscribeTopic()));
    }

    static Predicate<String> filter(String filter) {
        if (filter.equals("#")) {
            return topic -> true;
        }
        if (filter.contains("+") || filter.contains("#")) {
            try {
                Pattern regex = Pattern.compile(filter.replace("\\", "\\\\").replace("+", "[^/]+").replace("/#", "($|/.*)"));
                return topic -> regex.matcher(topic).matches();
            } catch (PatternSyntaxException notARegex) { // ThingsBoard would fail on it; tbmock matches it literally
                return filter::equals;
            }
        }
        return filter::equals;
    }
}
