package io.tbmock.server.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A server-side RPC to send: {@code RpcRequest.twoWay("getTemperature").params("{\"unit\":\"C\"}")}. The
 * defaults and limits are the same through the Java API and the admin API.
 *
 * @param method  the method name the device sees
 * @param params  the params as JSON text (any JSON value); the device sees it re-parsed
 * @param oneway  one-way RPCs complete on delivery; two-way ones wait for the device's reply
 * @param timeout how long to wait for delivery (one-way) or the reply (two-way)
 */
public record RpcRequest(String method, String params, boolean oneway, Duration timeout) {
    /** ThingsBoard's {@code server.rest.server_side_rpc.default_timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The longest timeout an RPC may have. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    /** The params of an RPC that names none: an empty object, as ThingsBoard's REST API makes the field required. */
    public static final String DEFAULT_PARAMS = "{}";

    public RpcRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static RpcRequest twoWay(String method) {
        return new RpcRequest(method, DEFAULT_PARAMS, false, DEFAULT_TIMEOUT);
    }

    public static RpcRequest oneWay(String method) {
        return new RpcRequest(method, DEFAULT_PARAMS, true, DEFAULT_TIMEOUT);
    }

    /** The params as JSON text: {@code "{\"pin\":4}"}, {@code "true"}, {@code "\"text\""}. */
    public RpcRequest params(String json) {
        return new RpcRequest(method, json, oneway, timeout);
    }

    public RpcRequest timeout(Duration timeout) {
        return new RpcRequest(method, params, oneway, timeout);
    }
}
