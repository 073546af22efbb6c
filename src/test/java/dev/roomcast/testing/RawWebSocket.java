package dev.roomcast.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket spoken byte by byte over a plain socket, for what a well-behaved client library refuses to
 * do: send invalid UTF-8, read the raw HTTP status of a refused handshake, or vanish without a close frame.
 */
public final class RawWebSocket implements Closeable {

    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String statusLine;
    private final Map<String, String> headers;
    private String closeReason;
    private final List<String> textsBeforeClose = new ArrayList<>();

    private RawWebSocket(Socket socket, String statusLine, Map<String, String> headers, DataInputStream in)
            throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.statusLine = statusLine;
        this.headers = headers;
    }

    /**
     * Sends an upgrade request with exactly {@code extraHeaders} added, and reads the response head. A
     * {@code Sec-WebSocket-Key} or {@code Sec-WebSocket-Version} among them replaces the valid one; an empty
     * value leaves the header out.
     */
    public static RawWebSocket open(URI ws, Map<String, String> extraHeaders) throws IOException {
        return open(ws, extraHeaders, 0);
    }

    /**
     * As above, with a receive buffer of {@code receiveBufferBytes} (0 for the system's, which grows to
     * megabytes): a small one makes a client that stops reading back up the server quickly.
     */
    public static RawWebSocket open(URI ws, Map<String, String> extraHeaders, int receiveBufferBytes)
            throws IOException {
        return open(ws, extraHeaders, receiveBufferBytes, null);
    }

    /**
     * As above, from the local address {@code from} (any of 127.0.0.0/8 reaches a loopback server), so that
     * the server sees a client address of the test's own: one that no other test's limits are counted on.
     */
    public static RawWebSocket open(URI ws, Map<String, String> extraHeaders, int receiveBufferBytes, String from)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        if (from != null) {
            socket.bind(new java.net.InetSocketAddress(from, 0));
        }
        socket.connect(new java.net.InetSocketAddress(ws.getHost(), ws.getPort()));
        socket.setSoTimeout((int) WsClient.PATIENCE.toMillis());
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(ws.getRawPath()).append(ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery())
                .append(" HTTP/1.1\r\n")
                .append("Host: ").append(ws.getHost()).append(':').append(ws.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        headers.put("Sec-WebSocket-Version", "13");
        headers.putAll(extraHeaders);
        headers.forEach((name, value) -> {
            if (!value.isEmpty()) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        });
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String statusLine = readLine(in);
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            responseHeaders.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
        }
        return new RawWebSocket(socket, statusLine, responseHeaders, in);
    }

    /** Opens with the Origin a page of the same server would send. */
    public static RawWebSocket open(URI ws) throws IOException {
        return open(ws, Map.of("Origin", WsClient.originOf(ws)));
    }

    /**
     * The body of a refusal: as long as its {@code Content-Length} says, or else up to the end of the
     * connection. Throws {@link java.net.SocketTimeoutException} if the server leaves the client waiting.
     */
    public String refusalBody() throws IOException {
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The HTTP status of the handshake response: 101 when upgraded. */
    public int status() {
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Sends one final, masked frame, as a client must. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        sendFrames(frame(0x80 | opcode, payload));
    }

    /** Sends {@code frames}, made by {@link #frame}, in one write: the server reads them in one go. */
    public void sendFrames(byte[]... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.write(frame);
        }
        out.write(all.toByteArray());
        out.flush();
    }

    /**
     * A masked client frame whose first byte (FIN, the three reserved bits, the opcode) is {@code firstByte}
     * exactly, so that a test can set what a client must not.
     */
    public static byte[] frame(int firstByte, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /**
     * Reads frames until a close frame and returns its status code: 1005 when it carries none, 1006 when the
     * connection ends without one. The text frames read on the way are kept in {@link #textsBeforeClose()}.
     */
    public int awaitCloseCode() throws IOException {
        while (true) {
            int first;
            try {
                first = in.readUnsignedByte();
            } catch (EOFException | java.net.SocketException dropped) {
                return 1006;
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((first & 0x0F) == TEXT) {
                textsBeforeClose.add(new String(payload, StandardCharsets.UTF_8));
            }
            if ((first & 0x0F) == CLOSE) {
                closeReason = payload.length > 2
                        ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
            }
        }
    }

    /** The text frames that {@link #awaitCloseCode()} read before the close, in order. */
    public List<String> textsBeforeClose() {
        return textsBeforeClose;
    }

    /** The reason text of the close frame that {@link #awaitCloseCode()} read, if any. */
    public String closeReason() {
        return closeReason;
    }

    /** Drops the TCP connection with a reset: no close frame, no FIN handshake. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("connection closed in the handshake response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
