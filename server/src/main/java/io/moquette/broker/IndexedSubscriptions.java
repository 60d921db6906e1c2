package io.moquette.broker;

import io.moquette.broker.subscriptions.Subscription;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moquette's record of subscriptions, indexed by client and filter. Moquette's own in-memory repository removes a
 * subscription by scanning all of them, so every disconnect cost time in proportion to the sessions connected;
 * here it is one map removal. Moquette only reads the whole set when a directory is initialised from it.
 */
final class IndexedSubscriptions implements ISubscriptionsRepository {
    private final Map<Key, Subscription> subscriptions = new ConcurrentHashMap<>();

    private record Key(String clientId, String topicFilter) {
    }

    @Override
    public Set<Subscription> listAllSubscriptions() {
        return Set.copyOf(subscriptions.values());
    }

    @Override
    public void addNewSubscription(Subscription subscription) {
        subscriptions.put(new Key(subscription.getClientId(), subscription.getTopicFilter().toString()), subscription);
    }

    @Override
    public void removeSubscription(String topicFilter, String clientId) {
        subscriptions.remove(new Key(clientId, topicFilter));
    }
}
