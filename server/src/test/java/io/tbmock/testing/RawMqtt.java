package io.tbmock.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A byte-level MQTT connection for what a polite client library will not send (pipelined packets, QoS 2
 * without its handshake, malformed or oversized packets) and for checking the server's packets byte by
 * byte. Packets are encoded and decoded with Netty's MQTT codec in the version of the CONNECT sent through
 * it (3.1.1 or 5); nothing of the server is shared.
 */
public final class RawMqtt implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    /** The client side's codec; the CONNECT written through it sets the version both directions use. */
    private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE);
    private final Queue<MqttMessage> decoded = new ArrayDeque<>();
    private int nextPacketId = 1;

    public RawMqtt(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    /** Sends an MQTT 3.1.1 CONNECT with an access token and returns the CONNACK's return code. */
    public int connectWithToken(String token) throws IOException {
        return connectWithToken(token, MqttProtocol.MQTT_3_1_1);
    }

    /** Sends CONNECT with an access token and returns the CONNACK's return code. */
    public int connectWithToken(String token, MqttProtocol protocol) throws IOException {
        MqttVersion version = switch (protocol) {
            case MQTT_3_1 -> MqttVersion.MQTT_3_1;
            case MQTT_3_1_1 -> MqttVersion.MQTT_3_1_1;
            case MQTT_5 -> MqttVersion.MQTT_5;
        };
        send(MqttMessageBuilders.connect().clientId(MqttDevice.randomClientId()).protocolVersion(version)
            .cleanSession(true).keepAlive(60).hasUser(true).username(token).build());
        MqttMessage reply = expect(MqttMessageType.CONNACK);
        return ((MqttConnAckMessage) reply).variableHeader().connectReturnCode().byteValue() & 0xFF;
    }

    public void send(MqttMessage message) throws IOException {
        sendBytes(encode(codec, message));
    }

    /** The bytes of a packet as an MQTT 3.1.1 client sends it. */
    public static byte[] encode(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        try {
            return encode(encoder, message);
        } finally {
            encoder.finishAndReleaseAll();
        }
    }

    private static byte[] encode(EmbeddedChannel encoder, MqttMessage message) {
        encoder.writeOutbound(message);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuf out;
        while ((out = encoder.readOutbound()) != null) {
            bytes.writeBytes(ByteBufUtil.getBytes(out));
            out.release();
        }
        return bytes.toByteArray();
    }

    /**
     * A CONNECT built byte by byte with a clean session, keep-alive 60 and no credentials, for protocol
     * levels the encoder refuses to write (3.1 with a long client id) or this client cannot decode (5).
     */
    public static byte[] connectPacket(int protocolLevel, String clientId) {
        String protocolName = protocolLevel == 3 ? "MQIsdp" : "MQTT";
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        writeString(variable, protocolName);
        variable.write(protocolLevel);
        variable.write(0x02); // clean session
        variable.write(0);
        variable.write(60);
        if (protocolLevel == 5) {
            variable.write(0); // no properties
        }
        writeString(variable, clientId);
        byte[] body = variable.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    public void sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Sends a PUBLISH; QoS above 0 gets the next packet id, which is returned. */
    public int publish(String topic, String payload, int qos) throws IOException {
        int packetId = qos == 0 ? 0 : nextPacketId++;
        send(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(packetId)
            .payload(Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8))).build());
        return packetId;
    }

    /** A PINGREQ and its PINGRESP: proves the connection is alive and everything sent before was handled. */
    public void ping() throws IOException {
        send(MqttMessage.PINGREQ);
        expect(MqttMessageType.PINGRESP);
    }

    /** The next packet from the server; fails on timeout or close. */
    public MqttMessage next() throws IOException {
        MqttMessage message = nextOrNull();
        if (message == null) {
            throw new IOException("the server closed the connection");
        }
        return message;
    }

    /** The next packet, which must be of the type. */
    public MqttMessage expect(MqttMessageType type) throws IOException {
        MqttMessage message = next();
        if (message.fixedHeader().messageType() != type) {
            throw new AssertionError("expected " + type + " but got " + message);
        }
        return message;
    }

    /** Reads until the server closes the connection; returns the packets that came before the close. */
    public Queue<MqttMessage> awaitClosed() throws IOException {
        Queue<MqttMessage> before = new ArrayDeque<>();
        MqttMessage message;
        while ((message = nextOrNull()) != null) {
            before.add(message);
        }
        return before;
    }

    /** The reason code of an MQTT 5 DISCONNECT. */
    public static int disconnectReason(MqttMessage disconnect) {
        if (disconnect.fixedHeader().messageType() != MqttMessageType.DISCONNECT) {
            throw new AssertionError("expected DISCONNECT but got " + disconnect);
        }
        return ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode() & 0xFF;
    }

    /** Exactly {@code count} raw bytes from the server (after whatever was decoded already). */
    public byte[] readBytes(int count) throws IOException {
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new IOException("the server closed the connection after " + bytes.length + " of " + count + " bytes");
        }
        return bytes;
    }

    /**
     * Asserts that the server sends nothing for {@code quiet}: the way to see that it has not answered yet,
     * where its answer would come within milliseconds.
     */
    public void assertSilentFor(Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            int first = in.read();
            throw new AssertionError("the server answered: first byte " + first);
        } catch (SocketTimeoutException expected) {
            // silent, as it should be
        }
    }

    /** The raw bytes the server sends until it closes the connection. */
    public byte[] readUntilClosed() throws IOException {
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return in.readAllBytes();
    }

    private MqttMessage nextOrNull() throws IOException {
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        byte[] buffer = new byte[8192];
        while (decoded.isEmpty()) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("nothing from the server within " + TIMEOUT.toMillis() + " ms", e);
            } catch (IOException e) {
                return null; // reset by the server
            }
            if (n < 0) {
                return null;
            }
            codec.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
            MqttMessage message;
            while ((message = codec.readInbound()) != null) {
                decoded.add(message);
            }
        }
        return decoded.poll();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        codec.finishAndReleaseAll();
    }
}
