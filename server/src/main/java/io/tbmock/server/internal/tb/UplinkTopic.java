package io.tbmock.server.internal.tb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device PUBLISH topic, classified in ThingsBoard's order (MqttTransportHandler.processPublish and
 * processDevicePublish): gateway prefix first, then exact topics and prefixes, first match wins.
 *
 * @param kind   what the publish means
 * @param family the topic family, for kinds that have one
 * @param suffix the text after a prefix (a request id), or the OTA request id; null otherwise
 * @param chunk  the OTA chunk index text, or null
 */
public record UplinkTopic(UplinkKind kind, TopicFamily family, String suffix, String chunk) {
    public static final String TELEMETRY = "v1/devices/me/telemetry";
    public static final String ATTRIBUTES = "v1/devices/me/attributes";
    public static final String ATTRIBUTE_REQUEST_PREFIX = "v1/devices/me/attributes/request/";
    public static final String RPC_RESPONSE_PREFIX = "v1/devices/me/rpc/response/";
    public static final String RPC_REQUEST_PREFIX = "v1/devices/me/rpc/request/";
    public static final String CLAIM = "v1/devices/me/claim";
    public static final String GATEWAY_PREFIX = "v1/gateway";

    // Unanchored and searched with find(), as in ThingsBoard.
    private static final Pattern FIRMWARE_REQUEST = Pattern.compile("v2/fw/request/(\\d+)/chunk/(\\d+)");
    private static final Pattern SOFTWARE_REQUEST = Pattern.compile("v2/sw/request/(\\d+)/chunk/(\\d+)");

    private record Prefix(String text, UplinkKind kind, TopicFamily family) {
    }

    /** The v2 prefixes, in the order ThingsBoard tries them (the /j and /p forms before the plain one). */
    private static final Prefix[] V2_PREFIXES = {
        new Prefix("v2/r/res/j/", UplinkKind.RPC_RESPONSE, TopicFamily.V2_JSON),
        new Prefix("v2/r/res/p/", UplinkKind.RPC_RESPONSE, TopicFamily.V2_PROTO),
        new Prefix("v2/r/res/", UplinkKind.RPC_RESPONSE, TopicFamily.V2),
        new Prefix("v2/r/req/j/", UplinkKind.CLIENT_RPC_REQUEST, TopicFamily.V2_JSON),
        new Prefix("v2/r/req/p/", UplinkKind.CLIENT_RPC_REQUEST, TopicFamily.V2_PROTO),
        new Prefix("v2/r/req/", UplinkKind.CLIENT_RPC_REQUEST, TopicFamily.V2),
        new Prefix("v2/a/req/j/", UplinkKind.ATTRIBUTE_REQUEST, TopicFamily.V2_JSON),
        new Prefix("v2/a/req/p/", UplinkKind.ATTRIBUTE_REQUEST, TopicFamily.V2_PROTO),
        new Prefix("v2/a/req/", UplinkKind.ATTRIBUTE_REQUEST, TopicFamily.V2),
    };

    public static UplinkTopic classify(String topic) {
        if (topic.startsWith(GATEWAY_PREFIX)) {
            return of(UplinkKind.GATEWAY, null);
        }
        if (topic.equals(ATTRIBUTES)) {
            return of(UplinkKind.ATTRIBUTES, TopicFamily.V1);
        }
        if (topic.equals(TELEMETRY)) {
            return of(UplinkKind.TELEMETRY, TopicFamily.V1);
        }
        if (topic.startsWith(ATTRIBUTE_REQUEST_PREFIX)) {
            return suffixed(UplinkKind.ATTRIBUTE_REQUEST, TopicFamily.V1, topic, ATTRIBUTE_REQUEST_PREFIX);
        }
        if (topic.startsWith(RPC_RESPONSE_PREFIX)) {
            return suffixed(UplinkKind.RPC_RESPONSE, TopicFamily.V1, topic, RPC_RESPONSE_PREFIX);
        }
        if (topic.startsWith(RPC_REQUEST_PREFIX)) {
            return suffixed(UplinkKind.CLIENT_RPC_REQUEST, TopicFamily.V1, topic, RPC_REQUEST_PREFIX);
        }
        if (topic.equals(CLAIM)) {
            return of(UplinkKind.CLAIM, TopicFamily.V1);
        }
        Matcher ota = FIRMWARE_REQUEST.matcher(topic);
        if (ota.find()) {
            return new UplinkTopic(UplinkKind.FIRMWARE_CHUNK_REQUEST, null, ota.group(1), ota.group(2));
        }
        ota = SOFTWARE_REQUEST.matcher(topic);
        if (ota.find()) {
            return new UplinkTopic(UplinkKind.SOFTWARE_CHUNK_REQUEST, null, ota.group(1), ota.group(2));
        }
        switch (topic) {
            case "v2/t": return of(UplinkKind.TELEMETRY, TopicFamily.V2);
            case "v2/t/j": return of(UplinkKind.TELEMETRY, TopicFamily.V2_JSON);
            case "v2/t/p": return of(UplinkKind.TELEMETRY, TopicFamily.V2_PROTO);
            case "v2/a": return of(UplinkKind.ATTRIBUTES, TopicFamily.V2);
            case "v2/a/j": return of(UplinkKind.ATTRIBUTES, TopicFamily.V2_JSON);
            case "v2/a/p": return of(UplinkKind.ATTRIBUTES, TopicFamily.V2_PROTO);
            default: break;
        }
        for (Prefix prefix : V2_PREFIXES) {
            if (topic.startsWith(prefix.text())) {
                return suffixed(prefix.kind(), prefix.family(), topic, prefix.text());
            }
        }
        return of(UplinkKind.UNKNOWN, null);
    }

    private static UplinkTopic of(UplinkKind kind, TopicFamily family) {
        return new UplinkTopic(kind, family, null, null);
    }

    private static UplinkTopic suffixed(UplinkKind kind, TopicFamily family, String topic, String prefix) {
        return new UplinkTopic(kind, family, topic.substring(prefix.length()), null);
    }
}
