package io.tbmock.admin.internal.tbrest;

import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.server.model.DataType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.TsValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A range read of one key (docs/thingsboard-rest.md §4): values in {@code [startTs, endTs)}, newest first unless
 * {@code orderBy=ASC}, at most {@code limit} (100), aggregated per {@code interval} ms by {@code agg} with the
 * bucket's middle as its ts.
 */
record TimeseriesQuery(long startTs, long endTs, int limit, boolean ascending, Aggregation agg, long interval) {

    enum Aggregation { NONE, MIN, MAX, AVG, SUM, COUNT }

    static TimeseriesQuery of(ApiRequest request) {
        return of(request::query);
    }

    /** @param params a parameter's value by name, null when absent (a query's, or a WebSocket command's) */
    static TimeseriesQuery of(Function<String, String> params) {
        long start = longParam(params, "startTs", 0);
        long end = longParam(params, "endTs", System.currentTimeMillis());
        long limit = longParam(params, "limit", 100);
        String order = params.apply("orderBy");
        String agg = params.apply("agg");
        Aggregation aggregation;
        try {
            aggregation = agg == null || agg.isEmpty() ? Aggregation.NONE : Aggregation.valueOf(agg);
        } catch (IllegalArgumentException e) {
            throw TbError.badRequest("No enum constant org.thingsboard.server.common.data.kv.Aggregation." + agg);
        }
        return new TimeseriesQuery(start, end, (int) Math.max(1, Math.min(limit, Integer.MAX_VALUE)),
            "ASC".equals(order), aggregation, longParam(params, "interval", 0));
    }

    List<TsValue> apply(List<TsValue> values) {
        List<TsValue> inRange = new ArrayList<>();
        values.stream().filter(v -> v.ts() >= startTs && v.ts() < endTs).forEach(inRange::add);
        List<TsValue> result = agg == Aggregation.NONE || interval <= 0 ? inRange : aggregate(inRange);
        Comparator<TsValue> byTs = Comparator.comparingLong(TsValue::ts);
        result.sort(ascending ? byTs : byTs.reversed());
        return result.size() > limit ? result.subList(0, limit) : result;
    }

    /** Buckets of {@code interval} ms from {@code startTs}; only buckets that hold values are answered. */
    private List<TsValue> aggregate(List<TsValue> values) {
        SortedMap<Long, List<KvValue>> buckets = new TreeMap<>();
        values.forEach(v -> buckets.computeIfAbsent((v.ts() - startTs) / interval, index -> new ArrayList<>())
            .add(v.value()));
        List<TsValue> result = new ArrayList<>();
        buckets.forEach((index, in) -> {
            long from = startTs + index * interval;
            long to = Math.min(from + interval, endTs);
            KvValue aggregated = combine(in);
            if (aggregated != null) {
                result.add(new TsValue(from + (to - from) / 2, aggregated));
            }
        });
        return result;
    }

    /** Only numbers are aggregated (COUNT counts every value); null for a bucket with nothing to aggregate. */
    private KvValue combine(List<KvValue> values) {
        if (agg == Aggregation.COUNT) {
            return values.isEmpty() ? null : KvValue.of((long) values.size());
        }
        List<KvValue> numbers = values.stream()
            .filter(v -> v.type() == DataType.LONG || v.type() == DataType.DOUBLE).toList();
        if (numbers.isEmpty()) {
            return null;
        }
        boolean allLong = numbers.stream().allMatch(v -> v.type() == DataType.LONG);
        switch (agg) {
            case MIN:
            case MAX: {
                KvValue best = numbers.get(0);
                for (KvValue v : numbers) {
                    if (agg == Aggregation.MIN ? v.asDouble() < best.asDouble() : v.asDouble() > best.asDouble()) {
                        best = v;
                    }
                }
                return allLong ? best : KvValue.of(best.asDouble());
            }
            case SUM:
                return allLong ? KvValue.of(numbers.stream().mapToLong(KvValue::asLong).sum())
                    : KvValue.of(numbers.stream().mapToDouble(KvValue::asDouble).sum());
            default:
                return KvValue.of(numbers.stream().mapToDouble(KvValue::asDouble).average().orElseThrow());
        }
    }

    private static long longParam(Function<String, String> params, String name, long fallback) {
        String value = params.apply(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw TbError.badRequest("Failed to convert value of type 'java.lang.String' to required type 'long'; For input"
                + " string: \"" + value + "\"");
        }
    }
}
