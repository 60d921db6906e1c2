package io.tbmock.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

/**
 * Seeded bad MQTT input, for 3.1.1 and 5: random, truncated, oversized and out-of-order packets, bad UTF-8,
 * bad remaining and property lengths, packet id 0, unknown packet types, and valid sessions with bytes
 * flipped. The same seed gives the same case, so a failure is replayed from the seed it prints.
 */
public final class PacketFuzzer {
    /**
     * One generated input: what it is, the bytes a client sends, and whether the server must close the
     * connection on them alone (otherwise it may wait for more, until the client closes).
     */
    public record Case(long seed, String kind, byte[] bytes, boolean serverCloses) {
        @Override
        public String toString() {
            String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 96));
            return kind + " (seed " + seed + ", " + bytes.length + " bytes: " + hex + (bytes.length > 96 ? "…" : "")
                + ")";
        }
    }

    private static final String[] KINDS = {
        "random bytes", "a packet before CONNECT", "a CONNECT with bytes flipped", "a CONNECT cut short",
        "a bad remaining length", "an oversized remaining length", "an unknown packet type first",
        "a v5 CONNECT with a bad property length", "a second CONNECT", "a PUBLISH with a bad UTF-8 topic",
        "packet id 0", "a reserved packet type or bad flags after CONNECT", "a v5 PUBLISH with bad properties",
        "a session with bytes flipped", "a session cut short", "a session ending in random bytes"};

    /** Kinds MQTT calls protocol errors, which ThingsBoard answers by closing the connection. */
    private static final Set<Integer> CLOSED_BY_SERVER = Set.of(1, 4, 5, 8);

    private final int protocolLevel;
    private final String token;
    private final int maxPacketSize;

    /**
     * @param protocolLevel 4 (MQTT 3.1.1) or 5
     * @param token         the access token of the device the cases that connect connect as
     */
    public PacketFuzzer(int protocolLevel, String token, int maxPacketSize) {
        this.protocolLevel = protocolLevel;
        this.token = token;
        this.maxPacketSize = maxPacketSize;
    }

    public Case generate(long seed) {
        Random random = new Random(seed);
        int kind = random.nextInt(KINDS.length);
        byte[] bytes = switch (kind) {
            case 0 -> randomBytes(random, 1 + random.nextInt(200));
            // Framed as 3.1.1: before a CONNECT the server cannot know the session's version.
            case 1 -> concat(new PacketFuzzer(4, token, maxPacketSize).sessionPacket(random), connect());
            case 2 -> flip(random, connect(), 1 + random.nextInt(3));
            case 3 -> cut(random, connect());
            case 4 -> concat(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},
                randomBytes(random, 20));
            case 5 -> concat(
                packetHeader(random.nextBoolean() ? 0x10 : 0x30, maxPacketSize + 1 + random.nextInt(1 << 20)),
                randomBytes(random, 100));
            case 6 -> concat(new byte[] {(byte) (random.nextBoolean() ? 0x00 : 0xF0), 0x00}, connect());
            case 7 -> connectWithPropertyLength(random);
            case 8 -> concat(connect(), connect(), sessionPacket(random));
            case 9 -> concat(connect(), publish(badUtf8(random), "{\"a\":1}", 1, 7, false));
            case 10 -> concat(connect(), random.nextBoolean()
                ? publish("v1/devices/me/telemetry", "{\"a\":1}", 1, 0, false)
                : packet(0x82, concat(u16(0), string("v1/devices/me/attributes"), new byte[] {1})));
            case 11 -> concat(connect(), reservedOrBadFlags(random));
            case 12 -> concat(connect(), publishWithBadProperties(random));
            case 13 -> flip(random, concat(connect(), session(random)), 1 + random.nextInt(4));
            case 14 -> cut(random, concat(connect(), session(random)));
            default -> concat(connect(), session(random), randomBytes(random, 1 + random.nextInt(64)));
        };
        return new Case(seed, KINDS[kind], bytes, CLOSED_BY_SERVER.contains(kind));
    }

    // --- valid packets ------------------------------------------------------------------------------

    /** A CONNECT with the device's token, clean session, keep-alive 60. */
    public byte[] connect() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(string("MQTT"));
        body.write(protocolLevel);
        body.write(0x82); // username, clean session
        body.writeBytes(u16(60));
        if (protocolLevel == 5) {
            body.write(0); // no properties
        }
        body.writeBytes(string("fuzz"));
        body.writeBytes(string(token));
        return packet(0x10, body.toByteArray());
    }

    private byte[] session(Random random) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int packets = 1 + random.nextInt(5);
        for (int i = 0; i < packets; i++) {
            all.writeBytes(sessionPacket(random));
        }
        return all.toByteArray();
    }

    /** One packet a real device sends after CONNECT. */
    private byte[] sessionPacket(Random random) {
        int packetId = 1 + random.nextInt(65535);
        return switch (random.nextInt(7)) {
            case 0 -> publish("v1/devices/me/telemetry", "{\"fuzz\":" + random.nextInt(1000) + "}", random.nextInt(2),
                packetId, false);
            case 1 -> publish("v1/devices/me/attributes", "{\"fw\":\"" + random.nextInt(9) + "\"}", 1, packetId, false);
            case 2 -> publish("v1/devices/me/attributes/request/" + random.nextInt(10), "{\"sharedKeys\":\"a\"}", 0, 0,
                false);
            case 3 -> packet(0x82, concat(u16(packetId), properties(), string(random.nextBoolean()
                ? "v1/devices/me/rpc/request/+" : "v1/devices/me/attributes"), new byte[] {(byte) random.nextInt(3)}));
            case 4 -> packet(0xA2, concat(u16(packetId), properties(), string("v1/devices/me/attributes")));
            case 5 -> new byte[] {(byte) 0xC0, 0x00};
            default -> publish("v1/devices/me/rpc/request/" + random.nextInt(5), "{}", 1, packetId, false);
        };
    }

    private byte[] publish(byte[] topic, String payload, int qos, int packetId, boolean badProperties) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(u16(topic.length));
        body.writeBytes(topic);
        if (qos > 0) {
            body.writeBytes(u16(packetId));
        }
        if (protocolLevel == 5) {
            body.writeBytes(badProperties ? new byte[] {0x7F, 0x23, 0x00} : new byte[] {0});
        }
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x30 | qos << 1, body.toByteArray());
    }

    private byte[] publish(String topic, String payload, int qos, int packetId, boolean badProperties) {
        return publish(topic.getBytes(StandardCharsets.UTF_8), payload, qos, packetId, badProperties);
    }

    private byte[] properties() {
        return protocolLevel == 5 ? new byte[] {0} : new byte[0];
    }

    // --- bad packets --------------------------------------------------------------------------------

    private static byte[] badUtf8(Random random) {
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0x80}, // overlong NUL
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a lone surrogate
            {(byte) 0xFF, (byte) 0xFE},
            {'v', '1', '/', 0x00, '/', 't'}, // U+0000, which MQTT forbids
            {(byte) 0xE2, (byte) 0x82}}; // cut short
        return concat("v1/devices/me/".getBytes(StandardCharsets.US_ASCII), bad[random.nextInt(bad.length)]);
    }

    private byte[] connectWithPropertyLength(Random random) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(string("MQTT"));
        body.write(5);
        body.write(0x82);
        body.writeBytes(u16(60));
        int announced = 50 + random.nextInt(10_000); // beyond the packet's end, or an unknown property id
        body.writeBytes(random.nextBoolean() ? varint(announced) : new byte[] {0x02, 0x7E, 0x01});
        body.writeBytes(string("fuzz"));
        body.writeBytes(string(token));
        return packet(0x10, body.toByteArray());
    }

    private byte[] reservedOrBadFlags(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> new byte[] {0x00, 0x00}; // reserved type 0
            case 1 -> protocolLevel == 5 ? new byte[] {(byte) 0xF0, 0x02, 0x18, 0x00} // AUTH, continue
                : new byte[] {(byte) 0xF0, 0x00}; // reserved type 15 in 3.1.1
            case 2 -> concat(new byte[] {0x36}, varint(12), u16(3), "a/b".getBytes(StandardCharsets.US_ASCII),
                u16(1), new byte[] {'{', '}', 0, 0, 0}); // PUBLISH with QoS 3
            case 3 -> packet(0x80, concat(u16(5), properties(), string("v1/devices/me/attributes"), new byte[] {1}));
            default -> new byte[] {(byte) 0xE0, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05}; // DISCONNECT with junk
        };
    }

    private byte[] publishWithBadProperties(Random random) {
        if (protocolLevel != 5 || random.nextBoolean()) {
            return publish("v1/devices/me/telemetry", "{\"p\":1}", 1, 9, protocolLevel == 5);
        }
        // Topic alias 0, which MQTT 5 forbids, on an empty topic.
        return packet(0x32, concat(u16(0), u16(9), new byte[] {0x03, 0x23, 0x00, 0x00},
            "{}".getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] flip(Random random, byte[] bytes, int count) {
        byte[] flipped = bytes.clone();
        for (int i = 0; i < count; i++) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return flipped;
    }

    private static byte[] cut(Random random, byte[] bytes) {
        return Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
    }

    // --- encoding -----------------------------------------------------------------------------------

    private static byte[] packet(int firstByte, byte[] body) {
        return concat(packetHeader(firstByte, body.length), body);
    }

    private static byte[] packetHeader(int firstByte, int remainingLength) {
        return concat(new byte[] {(byte) firstByte}, varint(remainingLength));
    }

    private static byte[] varint(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return out.toByteArray();
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static byte[] string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return concat(u16(utf8.length), utf8);
    }

    private static byte[] randomBytes(Random random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
