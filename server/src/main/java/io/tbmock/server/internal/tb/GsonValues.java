package io.tbmock.server.internal.tb;

import java.math.BigDecimal;
import java.util.List;

/**
 * Gson's {@code getAsString} and {@code getAsLong} on a parsed value, which is how ThingsBoard reads single
 * fields (keys lists, secrets, durations, timestamps). Whatever Gson would throw on is a refused payload:
 * Gson's IllegalStateException (an array without exactly one element) is one ThingsBoard's adaptors catch;
 * the others (UnsupportedOperationException on an object or null, NumberFormatException) escape them.
 */
public final class GsonValues {
    private GsonValues() {
    }

    /** A string, a number's text, {@code true}/{@code false}, or the one element of a one-element array. */
    public static String asString(Object value, String field) throws PayloadException {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof DeviceJson.JsonNumber number) {
            return number.text();
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof List<?> array) {
            if (array.size() != 1) {
                throw notOneElement(field, array);
            }
            return asString(array.get(0), field);
        }
        throw PayloadException.escaping("\"" + field + "\" must be a string, found " + describe(value));
    }

    /** A boolean, or {@code Boolean.parseBoolean} of a string or number's text. */
    public static boolean asBoolean(Object value, String field) throws PayloadException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String || value instanceof DeviceJson.JsonNumber || value instanceof List<?>) {
            return Boolean.parseBoolean(asString(value, field));
        }
        throw PayloadException.escaping("\"" + field + "\" must be true or false, found " + describe(value));
    }

    /** A number truncated to a long, or a string holding a long. */
    public static long asLong(Object value, String field) throws PayloadException {
        try {
            if (value instanceof DeviceJson.JsonNumber number) {
                return new BigDecimal(number.text()).longValue();
            }
            if (value instanceof String s) {
                return Long.parseLong(s);
            }
            if (value instanceof List<?> array) {
                if (array.size() != 1) {
                    throw notOneElement(field, array);
                }
                return asLong(array.get(0), field);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw PayloadException.escaping("\"" + field + "\" must be a whole number, found " + describe(value));
    }

    private static PayloadException notOneElement(String field, List<?> array) {
        return new PayloadException("\"" + field + "\" must be a single value, found an array of " + array.size());
    }

    public static String describe(Object json) {
        if (json == null) {
            return "null";
        }
        String text = JsonWriter.tree(json);
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
