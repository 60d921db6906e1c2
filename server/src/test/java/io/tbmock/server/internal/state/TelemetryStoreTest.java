package io.tbmock.server.internal.state;

import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.TsValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TelemetryStoreTest {

    @Test
    void beyondTheBoundTheOldestValuesAreDroppedAndCounted() {
        TelemetryStore store = new TelemetryStore(3);
        for (long i = 1; i <= 5; i++) {
            store.add(i, Map.of("k", KvValue.of(i)));
        }
        assertEquals(List.of(new TsValue(3, KvValue.of(3)), new TsValue(4, KvValue.of(4)), new TsValue(5, KvValue.of(5))),
            store.values(Set.of()).get("k"));
        assertEquals(2, store.dropped());
        assertEquals(KvValue.of(5), store.latest(Set.of()).get("k"));
    }

    @Test
    void equalTimestampsKeepArrivalOrderAndTheLastArrivalIsLatest() {
        TelemetryStore store = new TelemetryStore(10);
        store.add(7, Map.of("k", KvValue.of("first")));
        store.add(7, Map.of("k", KvValue.of("second")));
        assertEquals(List.of(new TsValue(7, KvValue.of("first")), new TsValue(7, KvValue.of("second"))),
            store.values(Set.of("k")).get("k"));
        assertEquals(KvValue.of("second"), store.latest(Set.of()).get("k"));
    }

    /**
     * The store keeps values as primitives in a ring that grows and wraps; a plain list of {@link TsValue}s is the
     * model it must agree with, over seeded random adds of every type, removals by time range and bounds that are
     * reached while growing and after wrapping.
     */
    @Test
    void agreesWithAPlainListOverRandomAddsAndRemovals() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int max = 1 + random.nextInt(40);
            TelemetryStore store = new TelemetryStore(max);
            List<TsValue> model = new ArrayList<>();
            TsValue latest = null; // the newest timestamp's last arrival, even once dropped by the bound
            long dropped = 0;
            for (int op = 0; op < 300; op++) {
                if (random.nextInt(10) == 0) {
                    long from = random.nextInt(50);
                    long to = from + random.nextInt(20);
                    int before = model.size();
                    model.removeIf(v -> v.ts() >= from && v.ts() < to);
                    assertEquals(before - model.size(), store.remove(Set.of("k"), from, to), "seed " + seed);
                    latest = null;
                    for (TsValue v : model) {
                        latest = latest == null || v.ts() >= latest.ts() ? v : latest;
                    }
                    continue;
                }
                TsValue value = new TsValue(random.nextInt(50), randomValue(random));
                store.add(value.ts(), Map.of("k", value.value()));
                model.add(value);
                latest = latest == null || value.ts() >= latest.ts() ? value : latest;
                if (model.size() > max) {
                    model.remove(0);
                    dropped++;
                }
            }
            List<TsValue> sorted = new ArrayList<>(model);
            sorted.sort(Comparator.comparingLong(TsValue::ts));
            assertEquals(model.isEmpty() ? null : sorted, store.values(Set.of()).get("k"), "seed " + seed);
            assertEquals(dropped, store.dropped(), "seed " + seed);
            assertEquals(Optional.ofNullable(model.isEmpty() ? null : latest), store.latest("k"), "seed " + seed);
            if (!model.isEmpty()) {
                TsValue newest = model.get(model.size() - 1);
                assertEquals(Optional.of(newest), store.find("k", v -> true), "seed " + seed);
            }
        }
    }

    private static KvValue randomValue(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> KvValue.of(random.nextBoolean());
            case 1 -> KvValue.of(random.nextLong());
            case 2 -> KvValue.of(random.nextDouble() * 1000 - 500);
            case 3 -> KvValue.of("text " + random.nextInt(100));
            default -> KvValue.json("{\"n\":" + random.nextInt(100) + "}");
        };
    }
}
