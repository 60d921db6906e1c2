package io.tbmock.server.internal.tb;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tbmock.server.internal.json.JsonText;
import io.tbmock.server.model.DataType;
import io.tbmock.server.model.KvValue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one way the server writes JSON: what devices are sent, what the journal records and how values print.
 * Compact, fields in the order written, strings escaped as {@link JsonText} says, parsed trees
 * ({@link DeviceJson}) with their numbers' original text.
 *
 * <p>{@code JsonWriter.object(o -> o.field("status", "SUCCESS").values("shared", values))}.
 */
public final class JsonWriter {
    private final JsonGenerator generator;

    private JsonWriter(JsonGenerator generator) {
        this.generator = generator;
    }

    /** A JSON object with the fields {@code fields} writes. */
    public static String object(Consumer<JsonWriter> fields) {
        return write(json -> {
            json.generator.writeStartObject();
            fields.accept(json);
            json.generator.writeEndObject();
        });
    }

    /** {@code {"k":v,…}} in map order. */
    public static String values(Map<String, KvValue> values) {
        return object(json -> values.forEach(json::value));
    }

    /** A tree {@link DeviceJson} parsed, compact; numbers keep their original text. */
    public static String tree(Object parsed) {
        return write(json -> json.writeTree(parsed));
    }

    // --- fields of an object --------------------------------------------------------------------------

    public JsonWriter field(String name, String value) {
        return with(() -> {
            generator.writeFieldName(name);
            if (value == null) {
                generator.writeNull();
            } else {
                generator.writeString(value);
            }
        });
    }

    public JsonWriter field(String name, long value) {
        return with(() -> generator.writeNumberField(name, value));
    }

    public JsonWriter field(String name, boolean value) {
        return with(() -> generator.writeBooleanField(name, value));
    }

    /** A field whose value is JSON text the server already holds in compact form (RPC params, a stub's answer). */
    public JsonWriter raw(String name, String json) {
        return with(() -> {
            generator.writeFieldName(name);
            generator.writeRawValue(json);
        });
    }

    public JsonWriter value(String name, KvValue value) {
        return with(() -> {
            generator.writeFieldName(name);
            writeValue(value);
        });
    }

    public JsonWriter values(String name, Map<String, KvValue> values) {
        return object(name, json -> values.forEach(json::value));
    }

    public JsonWriter strings(String name, Collection<String> strings) {
        return with(() -> {
            generator.writeFieldName(name);
            writeStrings(strings);
        });
    }

    public JsonWriter object(String name, Consumer<JsonWriter> fields) {
        return with(() -> {
            generator.writeObjectFieldStart(name);
            fields.accept(this);
            generator.writeEndObject();
        });
    }

    // --- writing --------------------------------------------------------------------------------------

    private interface Output {
        void write() throws IOException;
    }

    private interface Document {
        void write(JsonWriter json) throws IOException;
    }

    private JsonWriter with(Output output) {
        try {
            output.write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static String write(Document document) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JsonText.FACTORY.createGenerator(out)) {
            document.write(new JsonWriter(generator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** As {@link KvValue#toJson()} prints it; a string is escaped by this generator, not a new one. */
    private void writeValue(KvValue value) throws IOException {
        if (value.type() == DataType.STRING) {
            generator.writeString(value.asString());
        } else {
            generator.writeRawValue(value.toJson());
        }
    }

    private void writeStrings(Collection<String> strings) throws IOException {
        generator.writeStartArray();
        for (String s : strings) {
            generator.writeString(s);
        }
        generator.writeEndArray();
    }

    private void writeTree(Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> object) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> e : object.entrySet()) {
                generator.writeFieldName((String) e.getKey());
                writeTree(e.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> array) {
            generator.writeStartArray();
            for (Object element : array) {
                writeTree(element);
            }
            generator.writeEndArray();
        } else if (value instanceof DeviceJson.JsonNumber number) {
            generator.writeNumber(number.text());
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else {
            generator.writeString((String) value);
        }
    }
}
