package io.tbmock.server.internal.tb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeviceJsonTest {

    @Test
    void numbersKeepTheirTextAndObjectsTheirOrder() throws Exception {
        Object parsed = parse("{\"b\":1.50,\"a\":[1E+1,-0.0],\"c\":null}");
        assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) parsed).keySet()));
        assertEquals("{\"b\":1.50,\"a\":[1E+1,-0.0],\"c\":null}", JsonWriter.tree(parsed));
    }

    @Test
    void aRepeatedKeyKeepsItsFirstPlaceAndLastValue() throws Exception {
        assertEquals("{\"a\":3,\"b\":2}", JsonWriter.tree(parse("{\"a\":1,\"b\":2,\"a\":3}")));
    }

    @Test
    void anEmptyPayloadIsJsonNull() throws Exception {
        assertNull(DeviceJson.parse(new byte[0]));
        assertNull(parse("  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{a:1}", "{'a':'x'}", "{\"a\":1 /* c */}", "{\"a\":1} // c", "# yaml comment\n{\"a\":1}"})
    void gsonLenientSyntaxIsAccepted(String json) throws Exception {
        parse(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1} x", "{\"a\":", "{\"a\":1}}", "[1,]x", "{\"a\":tru}"})
    void syntaxErrorsAndTrailingGarbageAreRefused(String json) {
        assertThrows(PayloadException.class, () -> parse(json));
    }

    private static Object parse(String json) throws PayloadException {
        return DeviceJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
