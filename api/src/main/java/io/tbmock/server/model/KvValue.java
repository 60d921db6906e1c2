package io.tbmock.server.model;

import io.tbmock.server.internal.json.JsonText;

import java.util.Objects;

/**
 * One telemetry or attribute value, typed as ThingsBoard types it (docs/thingsboard-mqtt.md §4.2): a device's {@code "42"} is
 * stored as LONG 42, {@code 42.0} as DOUBLE, an object or array as JSON.
 */
public final class KvValue {
    private final DataType type;
    private final Object value;

    private KvValue(DataType type, Object value) {
        this.type = type;
        this.value = Objects.requireNonNull(value, "value");
    }

    public static KvValue of(boolean value) {
        return new KvValue(DataType.BOOLEAN, value);
    }

    public static KvValue of(long value) {
        return new KvValue(DataType.LONG, value);
    }

    public static KvValue of(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("ThingsBoard has no representation for " + value);
        }
        return new KvValue(DataType.DOUBLE, value);
    }

    public static KvValue of(String value) {
        return new KvValue(DataType.STRING, value);
    }

    /** A JSON object or array value, given as its compact JSON text. */
    public static KvValue json(String compactJson) {
        return new KvValue(DataType.JSON, compactJson);
    }

    public DataType type() {
        return type;
    }

    /** The Java value: Boolean, Long, Double or String (the JSON text for {@link DataType#JSON}). */
    public Object value() {
        return value;
    }

    public boolean asBoolean() {
        return (Boolean) expect(DataType.BOOLEAN);
    }

    public long asLong() {
        return (Long) expect(DataType.LONG);
    }

    /** The number as a double; works for LONG and DOUBLE values. */
    public double asDouble() {
        if (type == DataType.LONG) {
            return (Long) value;
        }
        return (Double) expect(DataType.DOUBLE);
    }

    /** The text of a STRING value, or the JSON text of a JSON value. */
    public String asString() {
        if (type == DataType.JSON) {
            return (String) value;
        }
        return (String) expect(DataType.STRING);
    }

    /** This value as JSON text, written back the way ThingsBoard writes it ({@code 73}, {@code 42.0}, nested JSON). */
    public String toJson() {
        switch (type) {
            case STRING:
                return JsonText.string((String) value);
            case JSON:
                return (String) value;
            default:
                return value.toString(); // a long, double or boolean prints as Java prints it
        }
    }

    private Object expect(DataType wanted) {
        if (type != wanted) {
            throw new IllegalStateException("value " + toJson() + " is " + type + ", not " + wanted);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvValue && ((KvValue) o).type == type && ((KvValue) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
