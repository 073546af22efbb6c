package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runtime-specific: on WildFly the WAR runs its endpoints on Undertow's I/O threads
 * ({@code UndertowWebSocketDispatch}). Its effect is speed, not behaviour (the whole suite passes either way),
 * so this checks what the extension reports in the server's log once the WAR is deployed: that it took
 * effect, rather than falling back to Undertow's default, which a change in Undertow's internals would cause.
 */
@Tag("wildfly-only")
class UndertowDispatchIT extends RoomcastSuite {

    @Test
    void theDeploymentHandlesWebSocketMessagesOnIoThreads() throws Exception {
        try (WsClient client = WsClient.connect(server.ws("ws/echo"))) {
            client.send("served");
            assertEquals("Message text was: served", client.next());
        }
        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        String text = Files.readString(log);
        assertTrue(text.contains("WebSocket messages are handled on Undertow's I/O threads"),
                "the extension did not report taking effect in " + log);
        assertFalse(text.contains("could not change Undertow's WebSocket dispatch"), "the extension failed: see " + log);
    }

    /**
     * Undertow's {@code sendPing} waits until the frame is written, which to a client that stops reading is for
     * ever, on the heartbeat's thread; the WAR sends its pings through Undertow's asynchronous call instead
     * ({@code container.Pings}). A chat client that says nothing is pinged every heartbeat, and stays connected
     * by answering; the log says which ping was used.
     */
    @Test
    void pingsGoThroughUndertowsAsynchronousCall() {
        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        try (ChatClient quiet = ChatClient.connect(server, "quiet-on-undertow")) {
            Eventually.await("the asynchronous ping reported in " + log, () -> read(log),
                    text -> text.contains("Undertow sessions: pings are sent asynchronously"));
            assertFalse(read(log).contains("no asynchronous ping found"), "see " + log);
            quiet.send("{\"type\":\"ping\",\"id\":\"after-pings\"}");
            assertEquals("after-pings", quiet.expect("pong").getString("id"), "still connected after its pings");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
