package io.tbmock.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The benchmarks' device: MQTT 3.1.1 written by hand on a socket, so the client costs next to nothing. */
final class RawDevice {
    private RawDevice() {
    }

    /** Connects with the token as username (clean session, keep-alive 60) and returns once CONNACK 0 arrived. */
    static Socket connect(int port, String clientId, String token) throws IOException {
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
}
