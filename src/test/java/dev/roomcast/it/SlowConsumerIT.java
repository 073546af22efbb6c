package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must not stop anyone else: the others receive every message, in order,
 * while the stalled client's own queue overflows and it is closed with 1013 (try again later).
 */
class SlowConsumerIT extends RoomcastSuite {

    /** Far more than the default send queue (1,024 messages) and the loopback socket buffers together hold. */
    static final int MESSAGES = 4_000;
    static final String PADDING = "p".repeat(8 * 1024);
    /**
     * How far the sender may run ahead of the clients that read. Without a bound, a reading client that falls
     * 1,024 messages behind (on two busy cores, where the server, the sender and the readers share one JVM) is
     * rightly closed as too slow, and the test would fail for a reason it is not about.
     */
    static final int AHEAD = 256;

    @Test
    void aStalledClientIsClosedAndEveryoneElseGetsEverything() {
        List<WsClient> clients = WsClient.joinBroadcast(server.ws("ws/broadcast"), 4);
        WsClient sender = clients.get(0);
        WsClient fast1 = clients.get(1);
        WsClient fast2 = clients.get(2);
        WsClient stalled = clients.get(3);
        try {
            stalled.pause();
            for (int i = 0; i < MESSAGES + AHEAD; i++) {
                if (i < MESSAGES) {
                    sender.send(i + " " + PADDING);
                }
                if (i >= AHEAD) {
                    assertReceived(fast1, i - AHEAD);
                    assertReceived(fast2, i - AHEAD);
                }
            }

            stalled.resume();
            assertEquals(expectedCloseCode(), stalled.awaitClose().code());
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /**
     * A client that stops reading for less than its queue holds loses nothing: the messages that waited for
     * it arrive in order, once, and it stays connected. Sizes cover each frame-length encoding (7, 16 and
     * 64 bits), and the backlog is what the standalone server writes several frames at a time.
     */
    @Test
    void aClientThatFallsBehindCatchesUpWithEverythingInOrder() {
        int behind = 300;
        int[] sizes = {10, 1_000, 65_530};
        List<WsClient> clients = WsClient.joinBroadcast(server.ws("ws/broadcast"), 2);
        WsClient sender = clients.get(0);
        WsClient slow = clients.get(1);
        try {
            slow.pause();
            for (int i = 0; i < behind; i++) {
                sender.send(i + " " + "x".repeat(sizes[i % sizes.length]));
            }
            slow.resume();
            for (int i = 0; i < behind; i++) {
                String expected = "New message: " + i + " " + "x".repeat(sizes[i % sizes.length]);
                String message = slow.next();
                if (!message.equals(expected)) {
                    fail("message " + i + " was " + message.substring(0, Math.min(40, message.length())) + "...");
                }
            }
            sender.send("caught up");
            assertEquals("New message: caught up", slow.next());
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /**
     * Roomcast closes the stalled session with 1013 on every runtime. Tyrus inside a servlet container
     * (Payara) then cuts the connection at once, dropping the queued data and the close frame behind it,
     * so there the client sees an abnormal closure (1006) instead; either way it is gone and may resume.
     */
    private static int expectedCloseCode() {
        return runtime().equals("payara") ? 1006 : 1013;
    }

    private static void assertReceived(WsClient client, int i) {
        String message = client.next();
        if (!message.equals("New message: " + i + " " + PADDING)) {
            fail("message " + i + " was " + message.substring(0, Math.min(40, message.length())) + "...");
        }
    }
}
