package io.tbmock.server.device;

/** What a request for a firmware or software package (or a chunk of it) gets. */
public sealed interface OtaDownload {
    /** No package of that type is assigned to the device, or the assigned one is only a URL. */
    record NotFound() implements OtaDownload {
    }

    /** A package is assigned, but its title or version is not the one asked for. */
    record Mismatch() implements OtaDownload {
    }

    /**
     * The bytes asked for (empty past the end), from package {@code packageId}. tbmock's core keeps no file name
     * (the ThingsBoard REST upload does), so {@code title} stands in for one where none is known.
     */
    record Chunk(byte[] data, String packageId, String title) implements OtaDownload {
    }
}
