package io.tbmock.server.internal.tb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads device payloads as ThingsBoard's Gson does in lenient mode: unquoted keys, single quotes and
 * comments are accepted; a syntax error or trailing garbage is not. The tree is plain Java: objects as
 * {@link LinkedHashMap} (a repeated key keeps its first position and its last value, as Gson's does),
 * arrays as {@link List}, {@link String}, {@link Boolean}, {@code null}, and numbers as {@link JsonNumber}
 * holding the number's text exactly as sent, because ThingsBoard types a number by its text (docs/thingsboard-mqtt.md §4.2).
 *
 * <p>Gson also accepts unquoted string values ({@code {"a":abc}}); Jackson cannot, so such a payload is
 * refused here.
 */
public final class DeviceJson {
    private static final JsonFactory LENIENT = JsonFactory.builder()
        .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
        .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
        .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
        .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
        .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Gson's lenient NaN and Infinity
        .build();
    private static final JsonFactory STRICT = new JsonFactory();

    /** A JSON number, kept as its text. */
    public record JsonNumber(String text) {
        /** Lenient JSON's NaN and Infinity, which ThingsBoard reads but cannot store. */
        public boolean isFinite() {
            return !text.endsWith("NaN") && !text.endsWith("Infinity");
        }
    }

    private DeviceJson() {
    }

    /**
     * Parses a payload; an empty payload is JSON null, as Gson reads it.
     *
     * @throws PayloadException the payload is not (lenient) JSON
     */
    public static Object parse(byte[] payload) throws PayloadException {
        return parse(LENIENT, payload);
    }

    /** Parses strict JSON (RFC 8259: no comments, no single quotes), as Jackson's defaults read it. */
    public static Object parseStrict(byte[] payload) throws PayloadException {
        return parse(STRICT, payload);
    }

    /**
     * Re-reads JSON text the test gave (RPC params, a stub's answer) leniently and writes it compact, so the
     * device gets it as ThingsBoard forwards it: re-parsed.
     *
     * @throws PayloadException the text is blank or not JSON
     */
    public static String compact(String json) throws PayloadException {
        if (json.isBlank()) {
            throw new PayloadException("empty");
        }
        return JsonWriter.tree(parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Object parse(JsonFactory factory, byte[] payload) throws PayloadException {
        if (payload.length == 0) {
            return null;
        }
        try (JsonParser parser = factory.createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw PayloadException.unparsable("not valid JSON: unexpected content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw PayloadException.unparsable("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    object.put(key, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(read(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new JsonNumber(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }
}
