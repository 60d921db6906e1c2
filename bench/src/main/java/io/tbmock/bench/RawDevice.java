package io.tbmock.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The benchmarks' device: MQTT 3.1.1 written by hand on a socket, so the client costs next to nothing. */
public final class RawDevice {
    private RawDevice() {
    }

    /** Connects with the token as username (clean session, keep-alive 60) and returns once CONNACK 0 arrived. */
    public static Socket connect(int port, String clientId, String token) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] username = token.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {0x10, (byte) (10 + 2 + id.length + 2 + username.length),
            0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0x82, 0, 60});
        out.write(new byte[] {0, (byte) id.length});
        out.write(id);
        out.write(new byte[] {0, (byte) username.length});
        out.write(username);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] connack = in.readNBytes(4);
        if (connack.length != 4 || connack[0] != 0x20 || connack[3] != 0) {
            socket.close();
            throw new IOException("no accepting CONNACK");
        }
        return socket;
    }

    /** A PUBLISH at QoS 0 (QoS 0 keeps the packet id out; for the benchmarks' requests that need no PUBACK). */
    static void publishQos0(OutputStream out, String topic, byte[] payload) throws IOException {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        out.write(0x30);
        writeLength(out, 2 + name.length + payload.length);
        out.write(name.length >> 8);
        out.write(name.length & 0xFF);
        out.write(name);
        out.write(payload);
        out.flush();
    }

    /** A PUBLISH at QoS 1, left in the stream's buffer: the caller flushes. */
    static void publishQos1(OutputStream out, String topic, int packetId, byte[] payload) throws IOException {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        out.write(0x32);
        writeLength(out, 2 + name.length + 2 + payload.length);
        out.write(name.length >> 8);
        out.write(name.length & 0xFF);
        out.write(name);
        out.write(packetId >> 8);
        out.write(packetId & 0xFF);
        out.write(payload);
    }

    /** A SUBSCRIBE of one filter at QoS 0, packet id 1; its SUBACK comes back through {@link #readPacket}. */
    static void subscribeQos0(OutputStream out, String filter) throws IOException {
        byte[] name = filter.getBytes(StandardCharsets.UTF_8);
        out.write(0x82);
        writeLength(out, 2 + 2 + name.length + 1);
        out.write(new byte[] {0, 1, (byte) (name.length >> 8), (byte) (name.length & 0xFF)});
        out.write(name);
        out.write(0);
        out.flush();
    }

    /** The next packet from the server: its first byte (type and flags) and the rest after the length. */
    record Packet(int header, byte[] body) {
        boolean isPublish() {
            return (header >> 4) == 3;
        }

        /** A QoS 0 PUBLISH's payload. */
        int qos0PayloadLength() {
            int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
            return body.length - 2 - topicLength;
        }
    }

    static Packet readPacket(DataInputStream in) throws IOException {
        int header = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int digit = in.readUnsignedByte();
            length |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(header, body);
    }

    private static void writeLength(OutputStream out, int length) throws IOException {
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }
}
