package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.mqtt.Topics.Family;
import io.tbmock.server.internal.tb.PayloadException;

import java.util.regex.Matcher;

/**
 * A device PUBLISH topic, classified in ThingsBoard's order (docs/thingsboard-mqtt.md §3.1; MqttTransportHandler.processPublish
 * and processDevicePublish): gateway prefix first, then the profile's attribute and telemetry filters, the other v1 topics, OTA, the v2 exact topics and the v2
 * prefixes, first match wins.
 *
 * @param kind   what the publish means
 * @param family the topic family, for kinds that have one
 * @param suffix the text after a prefix (a request id), or the OTA request id; null otherwise
 * @param chunk  the OTA chunk index text, or null
 */
public record UplinkTopic(UplinkKind kind, Family family, String suffix, String chunk) {

    /** The v2 families in the order ThingsBoard tries their prefixes: the /j and /p forms before the plain one. */
    private static final Family[] V2_PREFIX_ORDER = {Family.V2_JSON, Family.V2_PROTO, Family.V2};

    /**
     * @param profile the device profile's upload filters, which stand in for {@code v1/devices/me/attributes} and
     *                {@code …/telemetry} (the attributes filter first) and are tried before every other device topic
     */
    public static UplinkTopic classify(String topic, ProfileTopics profile) {
        if (topic.startsWith(Topics.GATEWAY_PREFIX)) {
            return of(UplinkKind.GATEWAY, null);
        }
        if (profile.attributes().test(topic)) {
            return of(UplinkKind.ATTRIBUTES, Family.V1);
        }
        if (profile.telemetry().test(topic)) {
            return of(UplinkKind.TELEMETRY, Family.V1);
        }
        if (topic.startsWith(Family.V1.attributeRequestPrefix())) {
            return suffixed(UplinkKind.ATTRIBUTE_REQUEST, Family.V1, topic, Family.V1.attributeRequestPrefix());
        }
        if (topic.startsWith(Family.V1.rpcResponsePrefix())) {
            return suffixed(UplinkKind.RPC_RESPONSE, Family.V1, topic, Family.V1.rpcResponsePrefix());
        }
        if (topic.startsWith(Family.V1.rpcRequestPrefix())) {
            return suffixed(UplinkKind.CLIENT_RPC_REQUEST, Family.V1, topic, Family.V1.rpcRequestPrefix());
        }
        if (topic.equals(Topics.CLAIM)) {
            return of(UplinkKind.CLAIM, Family.V1);
        }
        Matcher ota = Topics.FIRMWARE_CHUNK_REQUEST.matcher(topic);
        if (ota.find()) {
            return new UplinkTopic(UplinkKind.FIRMWARE_CHUNK_REQUEST, null, ota.group(1), ota.group(2));
        }
        ota = Topics.SOFTWARE_CHUNK_REQUEST.matcher(topic);
        if (ota.find()) {
            return new UplinkTopic(UplinkKind.SOFTWARE_CHUNK_REQUEST, null, ota.group(1), ota.group(2));
        }
        for (Family family : V2_PREFIX_ORDER) {
            if (topic.equals(family.telemetry())) {
                return of(UplinkKind.TELEMETRY, family);
            }
        }
        for (Family family : V2_PREFIX_ORDER) {
            if (topic.equals(family.attributes())) {
                return of(UplinkKind.ATTRIBUTES, family);
            }
        }
        for (Family family : V2_PREFIX_ORDER) {
            if (topic.startsWith(family.rpcResponsePrefix())) {
                return suffixed(UplinkKind.RPC_RESPONSE, family, topic, family.rpcResponsePrefix());
            }
        }
        for (Family family : V2_PREFIX_ORDER) {
            if (topic.startsWith(family.rpcRequestPrefix())) {
                return suffixed(UplinkKind.CLIENT_RPC_REQUEST, family, topic, family.rpcRequestPrefix());
            }
        }
        for (Family family : V2_PREFIX_ORDER) {
            if (topic.startsWith(family.attributeRequestPrefix())) {
                return suffixed(UplinkKind.ATTRIBUTE_REQUEST, family, topic, family.attributeRequestPrefix());
            }
        }
        return of(UplinkKind.UNKNOWN, null);
    }

    /** The request id after the prefix; ThingsBoard's Integer.parseInt throws an unchecked error on anything else. */
    int requestId() throws PayloadException {
        try {
            return Integer.parseInt(suffix);
        } catch (NumberFormatException e) {
            throw PayloadException.escaping("the request id in the topic must be an integer, was '" + suffix + "'");
        }
    }

    private static UplinkTopic of(UplinkKind kind, Family family) {
        return new UplinkTopic(kind, family, null, null);
    }

    private static UplinkTopic suffixed(UplinkKind kind, Family family, String topic, String prefix) {
        return new UplinkTopic(kind, family, topic.substring(prefix.length()), null);
    }
}
