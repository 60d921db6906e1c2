package io.tbmock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The .proto schemas the test devices are generated from (server/src/test/proto), as text for a device profile:
 * the profile holds the very schema protoc compiled the device's messages from.
 */
public final class DeviceSchemas {
    private DeviceSchemas() {
    }

    /** The schema file's text, from the test classpath (protoc's plugin puts the sources there). */
    public static String text(String file) {
        try (InputStream in = DeviceSchemas.class.getResourceAsStream("/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema " + file + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
