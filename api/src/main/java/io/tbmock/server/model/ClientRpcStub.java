package io.tbmock.server.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How to answer a client-side RPC: {@code ClientRpcStub.method("getTime").respond("{\"time\":1}")}. A stub
 * for one device wins over one for all; a newer stub wins over an older one.
 *
 * @param method   the method it answers
 * @param response the answer as JSON text
 * @param device   the device it is for, or null for every device
 * @param delay    how long to wait before answering
 */
public record ClientRpcStub(String method, String response, String device, Duration delay) {
    /** The longest delay a stub may answer after. */
    public static final Duration MAX_DELAY = Duration.ofHours(1);

    public ClientRpcStub {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(delay, "delay");
    }

    public static ClientRpcStub method(String method) {
        return new ClientRpcStub(method, "{}", null, Duration.ZERO);
    }

    public ClientRpcStub respond(String json) {
        return new ClientRpcStub(method, json, device, delay);
    }

    public ClientRpcStub forDevice(String device) {
        return new ClientRpcStub(method, response, device, delay);
    }

    public ClientRpcStub delay(Duration delay) {
        return new ClientRpcStub(method, response, device, delay);
    }
}
