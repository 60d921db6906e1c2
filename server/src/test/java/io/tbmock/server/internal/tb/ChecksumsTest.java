package io.tbmock.server.internal.tb;

import io.tbmock.server.model.ChecksumAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Known vectors, printed as ThingsBoard prints them (docs/thingsboard-mqtt.md §10.1: the hash's bytes in order). */
class ChecksumsTest {

    @ParameterizedTest
    @CsvSource({
        // CRC-32 check value 0xCBF43926, little-endian
        "CRC32, 123456789, 2639f4cb",
        // MurmurHash3 x86_32("hello", seed 0) = 0x248BFA47, little-endian
        "MURMUR3_32, hello, 47fa8b24",
        // MurmurHash3 x64_128("hello", seed 0): h1 = 0xCBD8A7B341BD9B02, h2 = 0x5B1E906A48AE1D19, each little-endian
        "MURMUR3_128, hello, 029bbd41b3a7d8cb191dae486a901e5b",
        "MD5, abc, 900150983cd24fb0d6963f7d28e17f72",
        "SHA256, abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "SHA384, abc, cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
        "SHA512, abc, ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"})
    void checksumsMatchKnownVectors(ChecksumAlgorithm algorithm, String input, String expected) {
        assertEquals(expected, Checksums.of(algorithm, input.getBytes(StandardCharsets.US_ASCII)));
    }
}
