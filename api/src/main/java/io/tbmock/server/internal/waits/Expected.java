package io.tbmock.server.internal.waits;

import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.RpcStatus;

import java.util.List;
import java.util.Optional;

/**
 * What each wait of {@code TbMock} says it was waiting for when it times out, worded once for both handles
 * (in-process and over HTTP), so their failure messages cannot drift apart. Not API.
 */
public final class Expected {
    private Expected() {
    }

    public static String connect(String device) {
        return "device '" + device + "' to connect";
    }

    public static String disconnect(String device) {
        return "device '" + device + "' to disconnect";
    }

    public static String telemetry(String device, String key, Optional<KvValue> latest) {
        return "telemetry '" + key + "' of device '" + device + "'"
            + latest.map(value -> " (latest value: " + value + ")").orElse("");
    }

    public static String clientAttribute(String device, String key, Optional<KvValue> current) {
        return "client attribute '" + key + "' of device '" + device + "'"
            + current.map(value -> " (current value: " + value + ")").orElse("");
    }

    public static String clientRpc(String device, String method) {
        return "a client-side RPC '" + method + "' from device '" + device + "'";
    }

    public static String claim(String device) {
        return "a claiming request from device '" + device + "'";
    }

    /** @param statesSoFar the states since the assignment; empty when nothing is assigned */
    public static String otaState(String device, OtaPackageType type, String state, Optional<List<String>> statesSoFar) {
        return type.prefix() + "_state " + state + " from device '" + device + "'"
            + statesSoFar.map(states -> " (states so far: " + states + ")").orElse(" (no package assigned)");
    }

    public static String rpcFinished(String device, int id, RpcStatus status) {
        return "RPC " + id + " of device '" + device + "' to finish (it is " + status + ")";
    }

    /** @param firedSoFar how often it fired; empty when no fault has the id (any more) */
    public static String faultFired(String id, int firings, Optional<Integer> firedSoFar) {
        return "fault " + id + " to fire " + firings + (firings == 1 ? " time" : " times")
            + firedSoFar.map(fired -> " (it fired " + fired + ")").orElse(" (no such fault)");
    }

    public static String event(EventFilter filter) {
        return "an event: " + filter;
    }
}
