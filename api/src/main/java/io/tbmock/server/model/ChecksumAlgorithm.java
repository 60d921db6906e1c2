package io.tbmock.server.model;

/** ThingsBoard's OTA checksum algorithms. */
public enum ChecksumAlgorithm {
    MD5, SHA256, SHA384, SHA512, CRC32, MURMUR3_32, MURMUR3_128
}
