package io.tbmock.server.internal.tb;

import java.util.HashMap;
import java.util.Map;

/**
 * The topic filters a regular device session may subscribe to (spec §3.2): exact strings only, granted
 * QoS min(requested, 1). Every other filter, wildcards included, is refused with SUBACK 0x80. Subscribing
 * to an attribute or RPC filter registers for shared-attribute updates or server-side RPC in that family;
 * the other filters only choose the QoS of responses, which arrive without a subscription anyway.
 */
public final class SubscriptionRules {
    public static final int FAILURE = 0x80;

    /** What subscribing to an accepted filter does. */
    public enum Effect { ATTRIBUTE_UPDATES, RPC_REQUESTS, QOS_ONLY }

    private record Accepted(Effect effect, TopicFamily family) {
    }

    private static final Map<String, Accepted> ACCEPTED = new HashMap<>();

    static {
        for (TopicFamily family : TopicFamily.values()) {
            ACCEPTED.put(family.attributeUpdates(), new Accepted(Effect.ATTRIBUTE_UPDATES, family));
            ACCEPTED.put(family.rpcRequestFilter(), new Accepted(Effect.RPC_REQUESTS, family));
        }
        for (String filter : new String[] {
            "v1/devices/me/rpc/response/+", "v2/r/res/+", "v2/r/res/j/+", "v2/r/res/p/+",
            "v1/devices/me/attributes/response/+", "v2/a/res/+", "v2/a/res/j/+", "v2/a/res/p/+",
            "v1/gateway/attributes", "v1/gateway/rpc", "v1/gateway/attributes/response",
            "v2/fw/response/+/chunk/+", "v2/fw/error", "v2/sw/response/+/chunk/+", "v2/sw/error"}) {
            ACCEPTED.put(filter, new Accepted(Effect.QOS_ONLY, null));
        }
    }

    private SubscriptionRules() {
    }

    public static boolean accepts(String filter) {
        return ACCEPTED.containsKey(filter);
    }

    /** The QoS granted to an accepted filter, or {@link #FAILURE}. */
    public static int grant(String filter, int requestedQos) {
        return accepts(filter) ? Math.min(requestedQos, 1) : FAILURE;
    }

    /** What an accepted filter registers for; null for a filter that is not accepted. */
    public static Effect effect(String filter) {
        Accepted accepted = ACCEPTED.get(filter);
        return accepted == null ? null : accepted.effect();
    }

    /** The family of an attribute or RPC filter, else null. */
    public static TopicFamily family(String filter) {
        Accepted accepted = ACCEPTED.get(filter);
        return accepted == null ? null : accepted.family();
    }
}
