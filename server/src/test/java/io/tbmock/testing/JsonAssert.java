package io.tbmock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compares JSON texts as JSON: key order and spacing do not matter, types and values do. */
public final class JsonAssert {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonAssert() {
    }

    public static void assertJsonEquals(String expected, String actual) {
        assertEquals(tree(expected), tree(actual), () -> "expected " + expected + " but was " + actual);
    }

    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
