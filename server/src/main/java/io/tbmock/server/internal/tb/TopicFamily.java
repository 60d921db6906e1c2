package io.tbmock.server.internal.tb;

/**
 * A topic family and the downlink topics that go with it. Responses follow the family of the most recent
 * request, updates and RPCs the family of the latest subscription (spec §3.2, §3.3). {@link #V2_PROTO}
 * payloads are protobuf, which tbmock does not speak yet.
 */
public enum TopicFamily {
    V1("v1/devices/me/attributes", "v1/devices/me/attributes/response/", "v1/devices/me/rpc/request/",
        "v1/devices/me/rpc/response/"),
    V2("v2/a", "v2/a/res/", "v2/r/req/", "v2/r/res/"),
    V2_JSON("v2/a/j", "v2/a/res/j/", "v2/r/req/j/", "v2/r/res/j/"),
    V2_PROTO("v2/a/p", "v2/a/res/p/", "v2/r/req/p/", "v2/r/res/p/");

    private final String attributeUpdates;
    private final String attributeResponsePrefix;
    private final String rpcRequestPrefix;
    private final String rpcResponsePrefix;

    TopicFamily(String attributeUpdates, String attributeResponsePrefix, String rpcRequestPrefix,
                String rpcResponsePrefix) {
        this.attributeUpdates = attributeUpdates;
        this.attributeResponsePrefix = attributeResponsePrefix;
        this.rpcRequestPrefix = rpcRequestPrefix;
        this.rpcResponsePrefix = rpcResponsePrefix;
    }

    /** Where shared-attribute updates are pushed. */
    public String attributeUpdates() {
        return attributeUpdates;
    }

    public String attributeResponse(int requestId) {
        return attributeResponsePrefix + requestId;
    }

    /** The subscription filter for server-side RPC requests of this family. */
    public String rpcRequestFilter() {
        return rpcRequestPrefix + "+";
    }

    public String rpcRequest(int requestId) {
        return rpcRequestPrefix + requestId;
    }

    public String rpcResponse(int requestId) {
        return rpcResponsePrefix + requestId;
    }

    public boolean isProtobuf() {
        return this == V2_PROTO;
    }
}
