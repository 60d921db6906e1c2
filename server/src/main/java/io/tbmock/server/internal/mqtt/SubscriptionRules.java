package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.mqtt.Topics.Family;
import io.tbmock.server.internal.tb.ReasonCode;

import java.util.HashMap;
import java.util.Map;

/**
 * The topic filters a regular device session may subscribe to (docs/thingsboard-mqtt.md §3.2): exact strings only, granted
 * QoS min(requested, 1). Every other filter, wildcards included, is refused with SUBACK 0x80 (0x8F on MQTT 5). Subscribing
 * to an attribute or RPC filter registers for shared-attribute updates or server-side RPC in that family;
 * the other filters only choose the QoS of responses, which arrive without a subscription anyway.
 */
public final class SubscriptionRules {
    /** What {@link #grant} returns for a refused filter; on the wire that is {@link #refusal}. */
    public static final int FAILURE = 0x80;

    /** What subscribing to an accepted filter does. */
    public enum Effect { ATTRIBUTE_UPDATES, RPC_REQUESTS, QOS_ONLY }

    private record Accepted(Effect effect, Family family) {
    }

    private static final Map<String, Accepted> ACCEPTED = new HashMap<>();

    static {
        for (Family family : Family.values()) {
            ACCEPTED.put(family.attributes(), new Accepted(Effect.ATTRIBUTE_UPDATES, family));
            ACCEPTED.put(family.rpcRequestFilter(), new Accepted(Effect.RPC_REQUESTS, family));
            ACCEPTED.put(family.rpcResponseFilter(), new Accepted(Effect.QOS_ONLY, null));
            ACCEPTED.put(family.attributeResponseFilter(), new Accepted(Effect.QOS_ONLY, null));
        }
        for (String filter : new String[] {Topics.GATEWAY_ATTRIBUTES, Topics.GATEWAY_RPC,
            Topics.GATEWAY_ATTRIBUTE_RESPONSE}) {
            ACCEPTED.put(filter, new Accepted(Effect.QOS_ONLY, null));
        }
        Topics.otaFilters().forEach(filter -> ACCEPTED.put(filter, new Accepted(Effect.QOS_ONLY, null)));
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

    /** The SUBACK code of a refused filter: 0x80 for MQTT 3.x, 0x8F (topic filter invalid) for MQTT 5. */
    public static int refusal(boolean mqtt5) {
        return mqtt5 ? ReasonCode.TOPIC_FILTER_INVALID : FAILURE;
    }

    /** What an accepted filter registers for; null for a filter that is not accepted. */
    public static Effect effect(String filter) {
        Accepted accepted = ACCEPTED.get(filter);
        return accepted == null ? null : accepted.effect();
    }

    /** The family of an attribute or RPC filter, else null. */
    public static Family family(String filter) {
        Accepted accepted = ACCEPTED.get(filter);
        return accepted == null ? null : accepted.family();
    }
}
