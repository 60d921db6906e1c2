package io.tbmock.server.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * How tbmock prints JSON text wherever it is printed: strings escaped as ThingsBoard's Gson escapes control
 * characters (lowercase {@code \u001f}). Not API: shared by the model and the server's writer.
 */
public final class JsonText {
    public static final JsonFactory FACTORY = JsonFactory.builder()
        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
        .build();

    private JsonText() {
    }

    /** {@code text} as a JSON string literal. */
    public static String string(String text) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
