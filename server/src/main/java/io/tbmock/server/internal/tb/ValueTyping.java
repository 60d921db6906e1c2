package io.tbmock.server.internal.tb;

import io.tbmock.server.model.KvValue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ThingsBoard's typing of uploaded values (docs/thingsboard-mqtt.md §4.2, JsonConverter.parseProtoValues): booleans stay
 * booleans; numbers become LONG or DOUBLE by their text (too big or too precise: STRING); strings that are
 * plain decimal numbers become numbers too ({@code "00123"} → 123); objects and arrays become JSON; nulls
 * are dropped.
 */
public final class ValueTyping {
    private static final int MAX_DOUBLE_SCALE = 16;

    private ValueTyping() {
    }

    /** Types every value of a JSON object, in key order, dropping nulls. */
    public static Map<String, KvValue> typed(Map<String, Object> object) {
        Map<String, KvValue> typed = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            KvValue kv = typed(value);
            if (kv != null) {
                typed.put(key, kv);
            }
        });
        return typed;
    }

    /** One value typed, or null for JSON null. */
    public static KvValue typed(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return KvValue.of(b);
        }
        if (value instanceof DeviceJson.JsonNumber number) {
            return numeric(number.text());
        }
        if (value instanceof String s) {
            if (isParsable(s)) {
                try {
                    return numeric(s);
                } catch (RuntimeException notANumberAfterAll) {
                    return KvValue.of(s);
                }
            }
            return KvValue.of(s);
        }
        if (value instanceof Map || value instanceof List) {
            return KvValue.json(JsonWriter.tree(value));
        }
        throw new IllegalArgumentException("not a parsed JSON value: " + value.getClass());
    }

    /** A number by its text: integral → LONG unless written with a plain decimal point → DOUBLE. */
    static KvValue numeric(String text) {
        KvValue plain = plainDecimal(text);
        return plain != null ? plain : byBigDecimal(text);
    }

    /**
     * The typing of the numbers devices send nearly always ({@code 21}, {@code -3.75}), without a BigDecimal:
     * up to 18 digits without a point (LONG), or with a point and at most {@value #MAX_DOUBLE_SCALE} decimals
     * (DOUBLE), typed as {@link #byBigDecimal} types them. Null for any other text, negative zeros included
     * (BigDecimal has no -0.0).
     */
    private static KvValue plainDecimal(String text) {
        int length = text.length();
        int start = length > 0 && text.charAt(0) == '-' ? 1 : 0;
        int point = -1;
        for (int i = start; i < length; i++) {
            char c = text.charAt(i);
            if (c == '.' && point < 0) {
                point = i;
            } else if (c < '0' || c > '9') {
                return null;
            }
        }
        int integerDigits = (point < 0 ? length : point) - start;
        if (integerDigits == 0) {
            return null;
        }
        if (point < 0) {
            return integerDigits <= 18 ? KvValue.of(Long.parseLong(text)) : null;
        }
        int decimals = length - point - 1;
        if (decimals == 0 || decimals > MAX_DOUBLE_SCALE) {
            return null;
        }
        double d = Double.parseDouble(text);
        return d == 0 && start == 1 ? null : KvValue.of(d);
    }

    /** ThingsBoard's rule as written, for every number text. */
    static KvValue byBigDecimal(String text) {
        BigDecimal number = new BigDecimal(text);
        if (number.stripTrailingZeros().scale() <= 0 && !isSimpleDouble(text)) {
            try {
                return KvValue.of(number.longValueExact());
            } catch (ArithmeticException outOfLongRange) {
                return KvValue.of(number.toPlainString());
            }
        }
        double d = number.doubleValue();
        if (number.scale() <= MAX_DOUBLE_SCALE && !Double.isInfinite(d)) {
            return KvValue.of(d);
        }
        return KvValue.of(number.toPlainString());
    }

    private static boolean isSimpleDouble(String text) {
        return text.contains(".") && !text.contains("E") && !text.contains("e");
    }

    /**
     * Commons Lang's {@code NumberUtils.isParsable}: an optional minus, digits and at most one point, not
     * ending with the point. No exponent, no plus sign, no hex.
     */
    static boolean isParsable(String s) {
        if (s.isEmpty() || s.charAt(s.length() - 1) == '.') {
            return false;
        }
        int start = 0;
        if (s.charAt(0) == '-') {
            if (s.length() == 1) {
                return false;
            }
            start = 1;
        }
        int points = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (++points > 1) {
                    return false;
                }
            } else if (!Character.isDigit(c)) {
                return false;
            }
        }
        return true;
    }
}
