package io.tbmock.admin.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Strict JSON for the admin API, and typed reads of request fields that name the field when wrong. */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * Made at the first read, not when the API starts and builds its first nodes: a cold JVM takes a fifth
     * of a second to make Jackson's mapper, which a test class that only uses the Java API need not wait for.
     */
    private static final class Mapper {
        // Decimals stay exact, so values and params reach the device with the digits a test wrote.
        static final ObjectMapper INSTANCE = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    }

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** @throws ApiError 400 when the text is not JSON */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiError.badRequest("the request body is empty; a JSON object is required");
        }
        try {
            return Mapper.INSTANCE.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node for JSON text we wrote ourselves, or null if it is not strict JSON. */
    public static JsonNode tryParse(String text) {
        try {
            return Mapper.INSTANCE.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * The node's JSON, as Jackson's mapper writes a tree (nulls and empty arrays kept, fields in their order), by
     * a walk of our own over the streaming writer: the answers a starting server gives (its health check first)
     * need not make the mapper.
     */
    public static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    out.writeFieldName(field.getKey());
                    write(field.getValue(), out);
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    write(element, out);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case BINARY -> out.writeBinary(node.binaryValue());
            case POJO -> out.writeRawValue(rawJson(node)); // a payload kept as the device wrote it
            default -> out.writeNull(); // NULL; MISSING is never set in a tree we answer with
        }
    }

    private static String rawJson(JsonNode pojo) {
        if (pojo instanceof POJONode holder && holder.getPojo() instanceof RawValue raw) {
            return String.valueOf(raw.rawValue());
        }
        throw new IllegalStateException("only raw JSON values are kept as objects in an answer: " + pojo);
    }

    private static void writeNumber(JsonNode number, JsonGenerator out) throws IOException {
        switch (number.numberType()) {
            case INT -> out.writeNumber(number.intValue());
            case LONG -> out.writeNumber(number.longValue());
            case BIG_INTEGER -> out.writeNumber(number.bigIntegerValue());
            case FLOAT -> out.writeNumber(number.floatValue());
            case DOUBLE -> out.writeNumber(number.doubleValue());
            default -> out.writeNumber(number.decimalValue());
        }
    }

    /**
     * Refuses a field the request does not have: a typo ({@code "credential"}) must not be ignored, leaving the
     * request to a default the test did not want.
     *
     * @param path the object's path in the body, or "" for the body itself
     */
    public static void onlyFields(ObjectNode object, String path, String... known) {
        List<String> allowed = List.of(known);
        for (var names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badRequest("unknown field '" + (path.isEmpty() ? "" : path + ".") + name + "'; "
                    + (path.isEmpty() ? "the body" : "'" + path + "'") + " has " + String.join(", ", allowed));
            }
        }
    }

    /** A required string field. */
    public static String requiredString(ObjectNode object, String field) {
        String value = string(object, field, field);
        if (value == null) {
            throw ApiError.badRequest("'" + field + "' is required");
        }
        return value;
    }

    /** An optional string field; null when absent or JSON null. */
    public static String string(ObjectNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest("'" + path + "' must be a string");
        }
        return value.textValue();
    }

    /** An optional whole-number field (a long); what values it may take, the core checks. */
    public static long wholeNumber(ObjectNode object, String field, String path, long fallback) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw ApiError.badRequest("'" + path + "' must be a whole number");
        }
        return value.asLong();
    }

    /** An optional whole-number field that fits an int, or null when absent. */
    public static Integer integer(ObjectNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            throw ApiError.badRequest("'" + path + "' must be a whole number up to " + Integer.MAX_VALUE);
        }
        return value.asInt();
    }

    /** A value of an enum, or a 400 listing the allowed ones. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'" + field + "' must be one of " + Arrays.toString(type.getEnumConstants())
                + ", was '" + value + "'");
        }
    }

    /** An optional boolean field. */
    public static boolean bool(ObjectNode object, String field, String path, boolean fallback) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiError.badRequest("'" + path + "' must be true or false");
        }
        return value.booleanValue();
    }

    /** An optional object field; null when absent or JSON null. */
    public static ObjectNode object(ObjectNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode nested)) {
            throw ApiError.badRequest("'" + path + "' must be a JSON object");
        }
        return nested;
    }
}
