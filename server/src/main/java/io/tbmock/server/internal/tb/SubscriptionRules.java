package io.tbmock.server.internal.tb;

import java.util.Set;

/**
 * The topic filters a regular device session may subscribe to (spec §3.2): exact strings only, granted
 * QoS min(requested, 1). Every other filter, wildcards included, is refused with SUBACK 0x80.
 */
public final class SubscriptionRules {
    public static final int FAILURE = 0x80;

    private static final Set<String> ACCEPTED = Set.of(
        // shared-attribute updates
        "v1/devices/me/attributes", "v2/a", "v2/a/j", "v2/a/p",
        // server-side RPC
        "v1/devices/me/rpc/request/+", "v2/r/req/+", "v2/r/req/j/+", "v2/r/req/p/+",
        // responses, which arrive without a subscription: subscribing only chooses their QoS
        "v1/devices/me/rpc/response/+", "v2/r/res/+", "v2/r/res/j/+", "v2/r/res/p/+",
        "v1/devices/me/attributes/response/+", "v2/a/res/+", "v2/a/res/j/+", "v2/a/res/p/+",
        "v1/gateway/attributes", "v1/gateway/rpc", "v1/gateway/attributes/response",
        "v2/fw/response/+/chunk/+", "v2/fw/error", "v2/sw/response/+/chunk/+", "v2/sw/error");

    private SubscriptionRules() {
    }

    public static boolean accepts(String filter) {
        return ACCEPTED.contains(filter);
    }

    /** The QoS granted to an accepted filter, or {@link #FAILURE}. */
    public static int grant(String filter, int requestedQos) {
        return accepts(filter) ? Math.min(requestedQos, 1) : FAILURE;
    }
}
