package io.tbmock.server.model;

import java.time.Duration;

/**
 * Faults to inject into a package's download, for testing a device's retry and verification code.
 *
 * @param corruptChunk   the first time this chunk index is served, its bytes are altered; null for none
 * @param dropAfterChunk the first time this chunk index is served, the connection is closed after it; null for none
 * @param chunkDelay     every chunk is sent this much later than asked for
 */
public record OtaFaults(Integer corruptChunk, Integer dropAfterChunk, Duration chunkDelay) {
    public static final OtaFaults NONE = new OtaFaults(null, null, Duration.ZERO);
    /** The longest delay a chunk may be given. */
    public static final Duration MAX_CHUNK_DELAY = Duration.ofMinutes(10);

    public OtaFaults {
        chunkDelay = chunkDelay == null ? Duration.ZERO : chunkDelay;
    }

    public OtaFaults corruptChunk(int index) {
        return new OtaFaults(index, dropAfterChunk, chunkDelay);
    }

    public OtaFaults dropAfterChunk(int index) {
        return new OtaFaults(corruptChunk, index, chunkDelay);
    }

    public OtaFaults chunkDelay(Duration delay) {
        return new OtaFaults(corruptChunk, dropAfterChunk, delay);
    }
}
