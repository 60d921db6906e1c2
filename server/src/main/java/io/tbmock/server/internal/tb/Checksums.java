package io.tbmock.server.internal.tb;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import io.tbmock.server.model.ChecksumAlgorithm;

/**
 * OTA checksums as ThingsBoard prints them (BaseOtaPackageService): Guava's hash of the bytes, written as
 * the hash's bytes in order, so CRC32 and MURMUR3_32 come out as the little-endian bytes of their 32-bit value
 * (CRC32 0xCBF43926 is {@code "2639f4cb"}).
 */
public final class Checksums {
    private Checksums() {
    }

    public static String of(ChecksumAlgorithm algorithm, byte[] data) {
        return function(algorithm).hashBytes(data).toString();
    }

    @SuppressWarnings("deprecation") // ThingsBoard uses murmur3_32(), identical to the fixed one for bytes
    private static HashFunction function(ChecksumAlgorithm algorithm) {
        switch (algorithm) {
            case MD5: return Hashing.md5();
            case SHA256: return Hashing.sha256();
            case SHA384: return Hashing.sha384();
            case SHA512: return Hashing.sha512();
            case CRC32: return Hashing.crc32();
            case MURMUR3_32: return Hashing.murmur3_32();
            default: return Hashing.murmur3_128();
        }
    }
}
