package io.tbmock.server.internal.state;

import io.tbmock.server.model.OtaPackage;

/**
 * A package and its bytes, held once in memory; chunks are sliced from {@code data}, which is never
 * changed after upload.
 */
public record StoredPackage(OtaPackage info, byte[] data) {
}
