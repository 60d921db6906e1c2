package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.model.KvValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonWriterTest {

    @Test
    void stringsAreEscapedAsGsonEscapesThem() {
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\t\\u001f\\u0001é\"}",
            JsonWriter.object(json -> json.field("s", "a\"b\\c\n\t\u001f\u0001é")));
        assertEquals("\"\\u001b\"", KvValue.of("\u001b").toJson());
    }

    @Test
    void valuesPrintAsThingsBoardPrintsThem() {
        Map<String, KvValue> values = new LinkedHashMap<>();
        values.put("l", KvValue.of(73));
        values.put("d", KvValue.of(42.0));
        values.put("b", KvValue.of(true));
        values.put("s", KvValue.of("text"));
        values.put("j", KvValue.json("{\"x\":[1,2]}"));
        assertEquals("{\"l\":73,\"d\":42.0,\"b\":true,\"s\":\"text\",\"j\":{\"x\":[1,2]}}", JsonWriter.values(values));
    }

    @Test
    void objectsKeepTheOrderTheirFieldsAreWrittenIn() {
        assertEquals("{\"z\":null,\"a\":1,\"raw\":{\"p\":1.50},\"deleted\":[\"x\",\"y\"],\"o\":{\"in\":false}}",
            JsonWriter.object(json -> json.field("z", (String) null).field("a", 1).raw("raw", "{\"p\":1.50}")
                .strings("deleted", List.of("x", "y")).object("o", inner -> inner.field("in", false))));
    }

    @Test
    void javaValuesBecomeTheTreeTheSameJsonWouldParseTo() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("n", 21.5);
        map.put("list", List.of(1, "two", true));
        map.put("big", new BigDecimal("1.50"));
        map.put("none", null);
        assertEquals("{\"n\":21.5,\"list\":[1,\"two\",true],\"big\":1.50,\"none\":null}",
            JsonWriter.tree(JavaValues.tree(map, "values")));
        assertEquals(JsonWriter.tree(DeviceJson.parse("[1,2]".getBytes())), JsonWriter.tree(JavaValues.tree(new int[] {1, 2}, "a")));
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
            () -> JavaValues.tree(Map.of("k", new Object()), "values"));
        assertEquals("values.k", refused.field());
        assertThrows(InvalidRequestException.class, () -> JavaValues.tree(Double.NaN, "nan"));
    }
}
