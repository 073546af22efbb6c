package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime-specific only because it needs settings of its own: a runner that holds 3 connections, gives a
 * new connection 2 seconds to send its request header and an idle kept-alive one 2 seconds to send its next. A full node answers 503 with Retry-After before the
 * upgrade, and takes connections again once one closes; a connection that sends its header slowly is
 * dropped, one that finished its handshake in time is not. (The per-user limit and the address rate are in
 * SecurityIT, on every runtime.)
 */
@Tag("standalone-only")
@Tag("own-servers")
class ConnectionLimitsIT {

    @TempDir
    static Path folder;

    static RunnerProcess runner;
    static ServerUnderTest server;

    @BeforeAll
    static void start() throws Exception {
        runner = RunnerProcess.start(folder.resolve("runner.out"), Map.of("ROOMCAST_MAX_CONNECTIONS", "3",
                "ROOMCAST_HEADER_TIMEOUT_SECONDS", "2", "ROOMCAST_KEEP_ALIVE_SECONDS", "2"), "--host", "127.0.0.1",
                "--port", "0");
        server = new ServerUnderTest(runner.awaitUrl());
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void aFullNodeRefusesWith503AndRetryAfterUntilAConnectionCloses() throws Exception {
        List<WsClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(WsClient.connect(server.ws("ws/echo")));
            }
            try (RawWebSocket refused = RawWebSocket.open(server.ws("ws/echo"))) {
                assertEquals(503, refused.status());
                assertEquals("5", refused.headers().get("retry-after"));
                assertNull(refused.headers().get("sec-websocket-accept"), "never upgraded");
            }
            held.remove(0).close();
            long deadline = System.nanoTime() + WsClient.PATIENCE.toNanos();
            int status;
            do {
                try (RawWebSocket again = RawWebSocket.open(server.ws("ws/echo"))) {
                    status = again.status();
                }
            } while (status != 101 && System.nanoTime() < deadline);
            assertEquals(101, status, "a closed connection frees its place");
        } finally {
            held.forEach(WsClient::close);
        }
    }

    /** Found from outside: the runner kept idle keep-alive connections for ever (the deadline covered the first request). */
    @Test
    void aKeptAliveConnectionIsDroppedWhenItSendsNoNextRequestInTime() throws Exception {
        URI base = server.http("");
        try (Socket kept = new Socket()) {
            kept.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            kept.setSoTimeout((int) WsClient.PATIENCE.toMillis());
            InputStream in = kept.getInputStream();
            for (int i = 0; i < 3; i++) {
                kept.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(readResponse(in).startsWith("HTTP/1.1 200"), "request " + i + " on the kept-alive connection");
                Thread.sleep(1000); // within the keep-alive time
            }
            long idleSince = System.nanoTime();
            assertEquals(-1, in.read(), "the server closes an idle kept-alive connection");
            Duration idle = Duration.ofNanos(System.nanoTime() - idleSince);
            assertTrue(idle.compareTo(Duration.ofMillis(500)) > 0 && idle.compareTo(Duration.ofSeconds(10)) < 0,
                    "dropped after " + idle + " idle (plus the second slept)");
        }
    }

    /** One HTTP response with a Content-Length body, read whole. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("closed in the middle of a response: " + head);
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
        in.readNBytes(body);
        return head.toString();
    }

    @Test
    void aConnectionThatSendsItsHeaderSlowlyIsDropped() throws Exception {
        URI base = server.http("");
        try (Socket slow = new Socket()) {
            slow.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            slow.setSoTimeout((int) WsClient.PATIENCE.toMillis());
            slow.getOutputStream().write("GET /ws/echo HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            InputStream in = slow.getInputStream();
            assertEquals(-1, in.read(), "the server closes the connection without an answer");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(waited.compareTo(Duration.ofMillis(1500)) > 0 && waited.compareTo(Duration.ofSeconds(10)) < 0,
                    "dropped after " + waited);
        }
        try (WsClient prompt = WsClient.connect(server.ws("ws/echo"))) {
            // Longer than the header and keep-alive timeouts: an upgraded connection is neither.
            Thread.sleep(3000);
            prompt.send("still here");
            assertEquals("Message text was: still here", prompt.next());
        }
    }
}
