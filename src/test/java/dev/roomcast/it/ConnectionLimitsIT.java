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
 * Runtime-specific only because it needs settings of its own: a runner that holds 3 connections and gives a
 * new connection 2 seconds to send its request header. A full node answers 503 with Retry-After before the
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
                "ROOMCAST_HEADER_TIMEOUT_SECONDS", "2"), "--host", "127.0.0.1", "--port", "0");
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
            Thread.sleep(3000); // longer than the header timeout: an upgraded connection is not affected
            prompt.send("still here");
            assertEquals("Message text was: still here", prompt.next());
        }
    }
}
