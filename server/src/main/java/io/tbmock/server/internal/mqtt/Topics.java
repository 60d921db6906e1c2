package io.tbmock.server.internal.mqtt;

import io.tbmock.server.model.OtaPackageType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every ThingsBoard MQTT topic and filter tbmock knows, in one place to read next to spec/thingsboard-mqtt.md
 * (section numbers below). What a topic means and in which order topics are tried is {@link UplinkTopic};
 * which filters a device may subscribe to is {@link SubscriptionRules}.
 */
public final class Topics {

    /**
     * A topic family (§3.1–3.3): v1, and the v2 short forms whose payload is the device profile's, forced JSON
     * ({@code /j}) or forced protobuf ({@code /p}); {@link DeviceSession#uplinkCodec} and
     * {@link DeviceSession#downlinkCodec} say which (docs/device-profiles.md). Responses follow the family of the
     * most recent request, updates and RPCs the family of the latest subscription.
     */
    public enum Family {
        V1("v1/devices/me/telemetry", "v1/devices/me/attributes", "v1/devices/me/attributes/request/",
            "v1/devices/me/attributes/response/", "v1/devices/me/rpc/request/", "v1/devices/me/rpc/response/"),
        V2("v2/t", "v2/a", "v2/a/req/", "v2/a/res/", "v2/r/req/", "v2/r/res/"),
        V2_JSON("v2/t/j", "v2/a/j", "v2/a/req/j/", "v2/a/res/j/", "v2/r/req/j/", "v2/r/res/j/"),
        V2_PROTO("v2/t/p", "v2/a/p", "v2/a/req/p/", "v2/a/res/p/", "v2/r/req/p/", "v2/r/res/p/");

        private final String telemetry;
        private final String attributes;
        private final String attributeRequestPrefix;
        private final String attributeResponsePrefix;
        private final String rpcRequestPrefix;
        private final String rpcResponsePrefix;

        Family(String telemetry, String attributes, String attributeRequestPrefix, String attributeResponsePrefix,
               String rpcRequestPrefix, String rpcResponsePrefix) {
            this.telemetry = telemetry;
            this.attributes = attributes;
            this.attributeRequestPrefix = attributeRequestPrefix;
            this.attributeResponsePrefix = attributeResponsePrefix;
            this.rpcRequestPrefix = rpcRequestPrefix;
            this.rpcResponsePrefix = rpcResponsePrefix;
        }

        /** §3.1: telemetry uploads. */
        public String telemetry() {
            return telemetry;
        }

        /** §3.1 client attribute uploads; §3.2 the filter registering for, and §5.2 the topic of, shared-attribute updates. */
        public String attributes() {
            return attributes;
        }

        /** §3.1, §5.1: attribute requests, {@code <prefix><requestId>}. */
        public String attributeRequestPrefix() {
            return attributeRequestPrefix;
        }

        /** §3.3: the answer to attribute request {@code requestId}. */
        public String attributeResponse(int requestId) {
            return attributeResponsePrefix + requestId;
        }

        /** §3.2: the filter that only sets the QoS of attribute responses. */
        public String attributeResponseFilter() {
            return attributeResponsePrefix + "+";
        }

        /** §3.1, §7: client-side RPC requests; §3.3, §6.1: server-side RPC requests. */
        public String rpcRequestPrefix() {
            return rpcRequestPrefix;
        }

        /** §3.2: the filter registering for server-side RPC. */
        public String rpcRequestFilter() {
            return rpcRequestPrefix + "+";
        }

        /** §6.1: server-side RPC request {@code requestId}. */
        public String rpcRequest(int requestId) {
            return rpcRequestPrefix + requestId;
        }

        /** §3.1: replies to server-side RPC; §3.3: answers to client-side RPC. */
        public String rpcResponsePrefix() {
            return rpcResponsePrefix;
        }

        /** §3.3: the answer to client-side RPC request {@code requestId}. */
        public String rpcResponse(int requestId) {
            return rpcResponsePrefix + requestId;
        }

        /** §3.2: the filter that only sets the QoS of client-side RPC answers. */
        public String rpcResponseFilter() {
            return rpcResponsePrefix + "+";
        }
    }

    /** §8: claiming. */
    public static final String CLAIM = "v1/devices/me/claim";

    /** §10.2: firmware and software chunk requests, searched with {@code find()} (unanchored), as ThingsBoard does. */
    static final Pattern FIRMWARE_CHUNK_REQUEST = Pattern.compile("v2/fw/request/(\\d+)/chunk/(\\d+)");
    static final Pattern SOFTWARE_CHUNK_REQUEST = Pattern.compile("v2/sw/request/(\\d+)/chunk/(\\d+)");
    /** §3.3, §10.2: where OTA errors go, for software too. */
    static final String OTA_ERROR = "v2/fw/error";

    /** §11: everything a gateway publishes starts with this (no slash: ThingsBoard matches the bare prefix). */
    public static final String GATEWAY_PREFIX = "v1/gateway";
    /** §11.1: what a gateway publishes for its children. */
    static final String GATEWAY_CONNECT = "v1/gateway/connect";
    static final String GATEWAY_DISCONNECT = "v1/gateway/disconnect";
    static final String GATEWAY_TELEMETRY = "v1/gateway/telemetry";
    static final String GATEWAY_CLAIM = "v1/gateway/claim";
    static final String GATEWAY_ATTRIBUTES_REQUEST = "v1/gateway/attributes/request";
    /** §11.2: gateway downlinks, accepted as filters that only set their QoS (§3.2); the first two go up too. */
    static final String GATEWAY_ATTRIBUTES = "v1/gateway/attributes";
    static final String GATEWAY_RPC = "v1/gateway/rpc";
    static final String GATEWAY_ATTRIBUTE_RESPONSE = "v1/gateway/attributes/response";

    /** §9.1: the only topics of a provision-only session (note the leading slash). */
    public static final String PROVISION_REQUEST = "/provision/request";
    public static final String PROVISION_RESPONSE = "/provision/response";

    /** The fixed topics a device publishes to, each its own key: see {@link #shared}. */
    private static final Map<String, String> FIXED_UPLINKS = fixedUplinks();

    private Topics() {
    }

    private static Map<String, String> fixedUplinks() {
        Map<String, String> topics = new HashMap<>();
        for (Family family : Family.values()) {
            topics.put(family.telemetry(), family.telemetry());
            topics.put(family.attributes(), family.attributes());
        }
        for (String topic : List.of(CLAIM, GATEWAY_CONNECT, GATEWAY_DISCONNECT, GATEWAY_TELEMETRY, GATEWAY_CLAIM,
            GATEWAY_ATTRIBUTES_REQUEST, GATEWAY_ATTRIBUTES, GATEWAY_RPC)) {
            topics.put(topic, topic);
        }
        return Map.copyOf(topics);
    }

    /**
     * The one string of a fixed uplink topic that equals {@code topic}, else {@code topic} itself. A PUBLISH's topic
     * is decoded into a new string every time, and the journal keeps it with the message: under load that was two
     * of the five objects each journaled message kept, which every young collection copies while they are new.
     */
    static String shared(String topic) {
        return FIXED_UPLINKS.getOrDefault(topic, topic);
    }

    /** §10.2: chunk {@code index} of OTA request {@code requestId}. */
    static String otaChunk(OtaPackageType type, String requestId, int index) {
        return "v2/" + type.prefix() + "/response/" + requestId + "/chunk/" + index;
    }

    /** §3.2, §10.2: the filters for OTA chunks and errors. */
    static List<String> otaFilters() {
        List<String> filters = new ArrayList<>();
        for (OtaPackageType type : OtaPackageType.values()) {
            filters.add("v2/" + type.prefix() + "/response/+/chunk/+");
            filters.add("v2/" + type.prefix() + "/error");
        }
        return filters;
    }
}
