package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.ServerStoppedException;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.TsValue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The WebSocket's subscriptions to a device's latest telemetry or attributes (docs/thingsboard-rest.md §11). Each gets a snapshot,
 * then an update with what is new whenever the device uploads (seen in the journal), a REST call saves telemetry,
 * or attributes change otherwise (set through an API, or written by the device state service).
 * Updates are ThingsBoard's: {@code {"subscriptionId","errorCode":0,"errorMsg":null,"data":{"k":[[ts,"v"]]},
 * "latestValues":{"k":ts}}}, values as strings, keys sorted.
 */
final class TelemetrySubscriptions implements AutoCloseable {
    static final int BAD_REQUEST = 2;
    private static final Set<EventType> UPLOADS = Set.of(EventType.TELEMETRY, EventType.ATTRIBUTES,
        EventType.ATTRIBUTE_UPDATE);

    private final TbMock tb;
    private final List<Subscription> all = new CopyOnWriteArrayList<>();
    private final Consumer<Event> listener = this::onEvent;

    TelemetrySubscriptions(TbMockServer server) {
        this.tb = server.mock();
        tb.addEventListener(listener);
        server.onAttributesChanged(this::changed); // written through an API, or by the device state service
    }

    /** Subscribes and sends the snapshot. @param scope null for time series */
    void subscribe(Channel channel, int cmdId, String device, AttributeScope scope, boolean allScopes, Set<String> keys) {
        unsubscribe(channel, cmdId);
        Subscription subscription = new Subscription(channel, cmdId, device, scope, allScopes, keys);
        all.add(subscription);
        subscription.update();
    }

    void unsubscribe(Channel channel, int cmdId) {
        all.removeIf(s -> s.channel == channel && s.cmdId == cmdId);
    }

    void closed(Channel channel) {
        all.removeIf(s -> s.channel == channel);
    }

    /** What the device has may have changed: every subscription to it sends what is new. */
    void changed(String device) {
        for (Subscription subscription : all) {
            if (subscription.device.equals(device)) {
                subscription.update();
            }
        }
    }

    static void sendError(Channel channel, int cmdId, int errorCode, String message) {
        ObjectNode update = Json.object().put("subscriptionId", cmdId).put("errorCode", errorCode).put("errorMsg", message);
        update.putObject("data");
        update.putObject("latestValues");
        send(channel, update);
    }

    /** A history command's one answer: each key's values in the query's range, as strings. */
    static void sendHistory(Channel channel, int cmdId, Map<String, List<TsValue>> found, TimeseriesQuery query) {
        ObjectNode update = Json.object().put("subscriptionId", cmdId).put("errorCode", 0).putNull("errorMsg");
        ObjectNode data = update.putObject("data");
        ObjectNode latest = update.putObject("latestValues");
        new TreeMap<>(found).forEach((key, values) -> {
            ArrayNode points = data.putArray(key);
            List<TsValue> answered = query.apply(values);
            answered.forEach(point -> points.addArray().add(point.ts()).add(TbJson.asText(point.value())));
            answered.stream().mapToLong(TsValue::ts).max().ifPresent(ts -> latest.put(key, ts));
        });
        send(channel, update);
    }

    private void onEvent(Event event) {
        if (event.device() != null && event.error() == null && UPLOADS.contains(event.type())) {
            changed(event.device());
        }
    }

    private static void send(Channel channel, ObjectNode update) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(new String(Json.bytes(update), StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() {
        all.clear();
        try {
            tb.removeEventListener(listener);
        } catch (ServerStoppedException alreadyStopped) {
            // the server stopped first: its journal, listeners and all, is gone already
        }
    }

    /** One subscription; it remembers what it sent, so an update carries only what is new. */
    private final class Subscription {
        private final Channel channel;
        private final int cmdId;
        private final String device;
        private final AttributeScope scope;
        private final boolean allScopes;
        private final Set<String> keys;
        // Guarded by this: the ts of each key's newest value sent.
        private final Map<String, Long> sentTs = new HashMap<>();
        private boolean snapshotSent;

        Subscription(Channel channel, int cmdId, String device, AttributeScope scope, boolean allScopes, Set<String> keys) {
            this.channel = channel;
            this.cmdId = cmdId;
            this.device = device;
            this.scope = scope;
            this.allScopes = allScopes;
            this.keys = keys;
        }

        synchronized void update() {
            SortedMap<String, SortedMap<Long, KvValue>> fresh = new TreeMap<>();
            try {
                if (scope == null && !allScopes) {
                    tb.telemetry(device, keys.toArray(String[]::new)).forEach((key, values) -> {
                        for (TsValue value : values) {
                            offer(fresh, key, value.ts(), value.value());
                        }
                    });
                } else {
                    for (AttributeScope each : allScopes ? AttributeScope.values() : new AttributeScope[] {scope}) {
                        for (AttributeKv kv : tb.attributes(device, each)) {
                            if (keys.isEmpty() || keys.contains(kv.key())) {
                                offer(fresh, kv.key(), kv.lastUpdateTs(), kv.value());
                            }
                        }
                    }
                }
            } catch (NotFoundException deleted) {
                return;
            }
            if (fresh.isEmpty() && snapshotSent) {
                return;
            }
            ObjectNode update = Json.object().put("subscriptionId", cmdId).put("errorCode", 0).putNull("errorMsg");
            ObjectNode data = update.putObject("data");
            ObjectNode latest = update.putObject("latestValues");
            fresh.forEach((key, values) -> {
                ArrayNode points = data.putArray(key);
                // The snapshot holds each key's latest value; later updates every value that is new.
                Map<Long, KvValue> shown = snapshotSent ? values : Map.of(values.lastKey(), values.get(values.lastKey()));
                shown.forEach((ts, value) -> points.addArray().add(ts).add(TbJson.asText(value)));
                latest.put(key, values.lastKey());
                sentTs.put(key, values.lastKey());
            });
            snapshotSent = true;
            send(channel, update);
        }

        private void offer(SortedMap<String, SortedMap<Long, KvValue>> fresh, String key, long ts, KvValue value) {
            Long sent = sentTs.get(key);
            if (sent == null || ts > sent) {
                fresh.computeIfAbsent(key, k -> new TreeMap<>()).put(ts, value);
            }
        }
    }
}
