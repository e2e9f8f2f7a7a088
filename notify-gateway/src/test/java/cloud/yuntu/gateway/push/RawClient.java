package cloud.yuntu.gateway.push;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WebSocket client speaking the protocol by hand. After the handshake it never answers anything,
 * not even the server's pings (what a client whose network vanished looks like to the server), and
 * it can send what a library would refuse to; it reads to learn how and when the server closed.
 */
final class RawClient implements AutoCloseable {

    /**
     * What the client saw until the connection ended.
     *
     * @param closeCode   the code of the server's close frame; null when the connection ended without
     *                    one (closed or reset) or did not end within the wait
     * @param ended       whether the connection ended within the wait
     */
    record Seen(int pings, Integer closeCode, String closeReason, boolean ended) {
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawClient connect(URI server, String token) throws IOException {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setSoTimeout((int) PushClient.PATIENCE.toMillis());
        OutputStream out = socket.getOutputStream();
        String request = "GET /ws?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                + "Host: " + server.getHost() + ":" + server.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawClient client = new RawClient(socket);
        String status = client.readHead();
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("not upgraded: " + status);
        }
        return client;
    }

    /** Sends one text frame, masked as a client must, whatever its size. */
    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            frame.write(ByteBuffer.allocate(Long.BYTES).putLong(payload.length).array());
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads frames without answering until the server closes or {@code limit} passes. */
    Seen readUntilClosed(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        int pings = 0;
        while (System.nanoTime() < deadline) {
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                break;
            } catch (SocketException reset) {
                return new Seen(pings, null, null, true);
            }
            if (first < 0) {
                return new Seen(pings, null, null, true);
            }
            int opcode = first & 0x0f;
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = in.readNBytes((int) length);
            if (opcode == 0x9) {
                pings++;
            } else if (opcode == 0x8) {
                ByteBuffer body = ByteBuffer.wrap(payload);
                int code = body.remaining() >= 2 ? body.getShort() & 0xffff : 1005;
                String reason = new String(payload, Math.min(2, payload.length), Math.max(0, payload.length - 2),
                        StandardCharsets.UTF_8);
                return new Seen(pings, code, reason, true);
            }
        }
        return new Seen(pings, null, null, false);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
