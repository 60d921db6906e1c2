package io.tbmock.server.internal.state;

import io.tbmock.server.model.DataType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.TsValue;

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
 *
 * <p>A fleet sending at full rate keeps millions of values here. Each is held as primitives in its key's
 * {@link Series} (a timestamp, the value's bits, its type, and a reference only for text), not as the three
 * objects a {@link TsValue} of a boxed {@link KvValue} is: the collector would copy every one of those at each
 * young collection while they are new, which was most of tbmock's GC pauses under load. Values are made
 * into {@link KvValue}s again when read.
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
            if (s.add(ts, value, maxPerKey)) {
                dropped++;
            }
            // ThingsBoard's latest value is the one with the newest timestamp, not the last to arrive.
            if (s.latest == null || ts >= s.latest.ts()) {
                s.latest = new TsValue(ts, value);
            }
        });
    }

    /** Every value of the keys (all keys when empty), oldest timestamp first. */
    public synchronized Map<String, List<TsValue>> values(Set<String> keys) {
        Map<String, List<TsValue>> out = new LinkedHashMap<>();
        series.forEach((key, s) -> {
            if (keys.isEmpty() || keys.contains(key)) {
                List<TsValue> sorted = new ArrayList<>(s.size);
                for (int i = 0; i < s.size; i++) {
                    sorted.add(s.get(i));
                }
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
        for (int i = s.size - 1; i >= 0; i--) {
            TsValue v = s.get(i);
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
            removed += s.removeBetween(fromTs, toTs);
            if (s.size == 0) {
                series.remove(key);
            } else {
                s.latest = null;
                for (int i = 0; i < s.size; i++) {
                    if (s.latest == null || s.ts(i) >= s.latest.ts()) {
                        s.latest = s.get(i);
                    }
                }
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

    /**
     * One key's values in arrival order, as a ring of parallel arrays that doubles as it fills, up to the bound:
     * slot {@code i} (0 = oldest) is at {@code (head + i) % capacity}.
     */
    private static final class Series {
        private static final DataType[] TYPES = DataType.values();
        private static final int INITIAL_CAPACITY = 8;

        long[] stamps = new long[INITIAL_CAPACITY];
        /** The value of a number or boolean: a long, a double's bits, or 0/1. */
        long[] bits = new long[INITIAL_CAPACITY];
        byte[] types = new byte[INITIAL_CAPACITY];
        /** The text of a STRING or JSON value; null for the others. */
        String[] texts = new String[INITIAL_CAPACITY];
        int head;
        int size;
        TsValue latest;

        /** Appends; returns whether the oldest value was dropped to stay within {@code max}. */
        boolean add(long ts, KvValue value, int max) {
            boolean dropOldest = size == max;
            if (dropOldest) {
                head = (head + 1) % stamps.length;
                size--;
            } else if (size == stamps.length) {
                grow(Math.min(stamps.length * 2, max));
            }
            int slot = (head + size) % stamps.length;
            stamps[slot] = ts;
            types[slot] = (byte) value.type().ordinal();
            switch (value.type()) {
                case BOOLEAN -> {
                    bits[slot] = value.asBoolean() ? 1 : 0;
                    texts[slot] = null;
                }
                case LONG -> {
                    bits[slot] = value.asLong();
                    texts[slot] = null;
                }
                case DOUBLE -> {
                    bits[slot] = Double.doubleToRawLongBits(value.asDouble());
                    texts[slot] = null;
                }
                default -> texts[slot] = value.asString();
            }
            size++;
            return dropOldest;
        }

        long ts(int i) {
            return stamps[(head + i) % stamps.length];
        }

        TsValue get(int i) {
            int slot = (head + i) % stamps.length;
            return new TsValue(stamps[slot], value(slot));
        }

        private KvValue value(int slot) {
            return switch (TYPES[types[slot]]) {
                case BOOLEAN -> KvValue.of(bits[slot] != 0);
                case LONG -> KvValue.of(bits[slot]);
                case DOUBLE -> KvValue.of(Double.longBitsToDouble(bits[slot]));
                case STRING -> KvValue.of(texts[slot]);
                case JSON -> KvValue.json(texts[slot]);
            };
        }

        /** Removes the values with {@code fromTs <= ts < toTs}, keeping the others in order; returns how many. */
        int removeBetween(long fromTs, long toTs) {
            int kept = 0;
            int capacity = stamps.length;
            for (int i = 0; i < size; i++) {
                int from = (head + i) % capacity;
                if (stamps[from] >= fromTs && stamps[from] < toTs) {
                    continue;
                }
                int to = (head + kept) % capacity;
                stamps[to] = stamps[from];
                bits[to] = bits[from];
                types[to] = types[from];
                texts[to] = texts[from];
                kept++;
            }
            for (int i = kept; i < size; i++) {
                texts[(head + i) % capacity] = null;
            }
            int removed = size - kept;
            size = kept;
            return removed;
        }

        private void grow(int capacity) {
            long[] newStamps = new long[capacity];
            long[] newBits = new long[capacity];
            byte[] newTypes = new byte[capacity];
            String[] newTexts = new String[capacity];
            for (int i = 0; i < size; i++) {
                int slot = (head + i) % stamps.length;
                newStamps[i] = stamps[slot];
                newBits[i] = bits[slot];
                newTypes[i] = types[slot];
                newTexts[i] = texts[slot];
            }
            stamps = newStamps;
            bits = newBits;
            types = newTypes;
            texts = newTexts;
            head = 0;
        }
    }
}
