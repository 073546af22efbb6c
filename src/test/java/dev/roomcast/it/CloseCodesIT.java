package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input no text endpoint can accept ends that connection with the RFC 6455 close code for it, and
 * nobody else notices: a bystander on the same endpoint keeps its conversation.
 */
class CloseCodesIT extends RoomcastSuite {

    static final int MAX_FRAME_BYTES = 64 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"ws/echo", "ws/broadcast", "ws/json"})
    void binaryFrameIsRefusedWith1003(String path) {
        try (Bystander bystander = new Bystander(server); WsClient client = WsClient.connect(server.ws(path))) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals(1003, client.awaitClose().code());
            bystander.stillServed();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws/echo", "ws/broadcast", "ws/json"})
    void invalidUtf8IsRefusedWith1007(String path) throws Exception {
        try (Bystander bystander = new Bystander(server); RawWebSocket raw = RawWebSocket.open(server.ws(path))) {
            assertEquals(101, raw.status());
            raw.sendFrame(RawWebSocket.TEXT, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
            assertEquals(1007, raw.awaitCloseCode());
            bystander.stillServed();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws/echo", "ws/broadcast", "ws/json"})
    void messageOverTheLimitIsRefusedWith1009(String path) {
        try (Bystander bystander = new Bystander(server); WsClient client = WsClient.connect(server.ws(path))) {
            client.sendExpectingClose("x".repeat(MAX_FRAME_BYTES + 1));
            assertEquals(1009, client.awaitClose().code());
            bystander.stillServed();
        }
    }

    /**
     * A megabyte is refused long before it has all arrived. The server closes the connection while the
     * client is still writing; the unread rest makes the server's TCP stack answer with a reset, which may
     * destroy the close frame on its way (1006 at the client). Either way nothing was accepted.
     */
    @Test
    void aMegabyteIsRefusedBeforeItIsRead() {
        try (Bystander bystander = new Bystander(server); WsClient client = WsClient.connect(server.ws("ws/echo"))) {
            client.sendExpectingClose("x".repeat(1_000_000));
            int code = client.awaitClose().code();
            assertTrue(code == 1009 || code == 1006, "closed with " + code);
            bystander.stillServed();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {MAX_FRAME_BYTES - 1, MAX_FRAME_BYTES})
    void messageUpToTheLimitIsAccepted(int size) {
        try (WsClient client = WsClient.connect(server.ws("ws/echo"))) {
            String text = "é".repeat(size / 2) + "x".repeat(size % 2);
            assertEquals(size, text.getBytes(StandardCharsets.UTF_8).length);
            client.send(text);
            assertEquals("Message text was: " + text, client.next());
        }
    }

    /** Another user on the echo endpoint, who must not notice anything. */
    static final class Bystander implements AutoCloseable {
        private final WsClient client;

        Bystander(ServerUnderTest server) {
            client = WsClient.connect(server.ws("ws/echo"));
            stillServed();
        }

        void stillServed() {
            client.send("still here");
            assertEquals("Message text was: still here", client.next());
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
