package io.tbmock.server.internal.state;

import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.TsValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One device's telemetry: every value per key, in arrival order, at most {@code maxPerKey} per key (the
 * oldest are dropped beyond that, and counted), and the latest value per key.
 */
public final class TelemetryStore {
    private static final Comparator<TsValue> BY_TS = Comparator.comparingLong(TsValue::ts);

    private final int maxPerKey;
    // Guarded by this.
    private final Map<String, Series> series = new LinkedHashMap<>();
    private long dropped;

    public TelemetryStore(int maxPerKey) {
        this.maxPerKey = maxPerKey;
    }

    public synchronized void add(long ts, Map<String, KvValue> values) {
        values.forEach((key, value) -> {
            Series s = series.computeIfAbsent(key, k -> new Series());
            TsValue point = new TsValue(ts, value);
            s.values.addLast(point);
            if (s.values.size() > maxPerKey) {
                s.values.removeFirst();
                dropped++;
            }
            // ThingsBoard's latest value is the one with the newest timestamp, not the last to arrive.
            if (s.latest == null || ts >= s.latest.ts()) {
                s.latest = point;
            }
        });
    }

    /** Every value of the keys (all keys when empty), oldest timestamp first. */
    public synchronized Map<String, List<TsValue>> values(Set<String> keys) {
        Map<String, List<TsValue>> out = new LinkedHashMap<>();
        series.forEach((key, s) -> {
            if (keys.isEmpty() || keys.contains(key)) {
                List<TsValue> sorted = new ArrayList<>(s.values);
                sorted.sort(BY_TS); // stable: equal timestamps keep their arrival order
                out.put(key, sorted);
            }
        });
        return out;
    }

    /** The latest value of the keys (all keys when empty). */
    public synchronized Map<String, KvValue> latest(Set<String> keys) {
        Map<String, KvValue> out = new LinkedHashMap<>();
        series.forEach((key, s) -> {
            if (keys.isEmpty() || keys.contains(key)) {
                out.put(key, s.latest.value());
            }
        });
        return out;
    }

    public synchronized Optional<TsValue> latest(String key) {
        Series s = series.get(key);
        return s == null ? Optional.empty() : Optional.of(s.latest);
    }

    /** The most recent value of the key that matches, if any. */
    public synchronized Optional<TsValue> find(String key, Predicate<KvValue> matcher) {
        Series s = series.get(key);
        if (s == null) {
            return Optional.empty();
        }
        for (var it = s.values.descendingIterator(); it.hasNext(); ) {
            TsValue v = it.next();
            if (matcher.test(v.value())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * Removes the keys' values with {@code fromTs <= ts < toTs}; a key left without values is gone.
     *
     * @return how many values were removed
     */
    public synchronized int remove(Set<String> keys, long fromTs, long toTs) {
        int removed = 0;
        for (String key : keys) {
            Series s = series.get(key);
            if (s == null) {
                continue;
            }
            int before = s.values.size();
            s.values.removeIf(v -> v.ts() >= fromTs && v.ts() < toTs);
            removed += before - s.values.size();
            if (s.values.isEmpty()) {
                series.remove(key);
            } else {
                s.latest = null;
                s.values.forEach(v -> {
                    if (s.latest == null || v.ts() >= s.latest.ts()) {
                        s.latest = v;
                    }
                });
            }
        }
        return removed;
    }

    /** How many values were dropped because a key exceeded its bound. */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized void clear() {
        series.clear();
        dropped = 0;
    }

    private static final class Series {
        final ArrayDeque<TsValue> values = new ArrayDeque<>();
        TsValue latest;
    }
}
