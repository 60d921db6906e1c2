package io.tbmock.server.internal.state;

import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.TsValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
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
}
