package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java values a test hands the Java API (shared attributes as a {@code Map<String, ?>}) as the tree
 * {@link DeviceJson} parses, so they are typed exactly as the same values sent as JSON: a number keeps the
 * text Java prints it with ({@code 21.5}, {@code 42}), maps and lists become JSON objects and arrays.
 */
final class JavaValues {
    private JavaValues() {
    }

    /**
     * @param field names the value in an error
     * @throws InvalidRequestException a value that is not a string, number, boolean, enum, map, collection or
     *                                 array, or a number JSON cannot hold
     */
    static Object tree(Object value, String field) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Character || value instanceof Enum<?>) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidRequestException(field, field + " is " + value + ", which JSON cannot hold");
            }
            return new DeviceJson.JsonNumber(value.toString());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
            || value instanceof BigInteger || value instanceof BigDecimal) {
            return new DeviceJson.JsonNumber(value.toString());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> object = new LinkedHashMap<>();
            map.forEach((key, element) -> object.put(String.valueOf(key), tree(element, field + "." + key)));
            return object;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> array = new ArrayList<>();
            collection.forEach(element -> array.add(tree(element, field + "[]")));
            return array;
        }
        if (value.getClass().isArray()) {
            List<Object> array = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                array.add(tree(Array.get(value, i), field + "[" + i + "]"));
            }
            return array;
        }
        throw new InvalidRequestException(field, field + " is a " + value.getClass().getName()
            + "; give a string, number, boolean, map, list or array, or a KvValue");
    }
}
