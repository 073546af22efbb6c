package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runtime-specific: the standalone runner carries WebSocket connections on Grizzly with filters of its own,
 * and must let go of every connection that ends, down to Grizzly's. The registry forgetting a session
 * ({@link RegistryIT}) is not enough: a Grizzly filter that never hears of the close keeps the socket's
 * objects for the life of the server; nor is a timer cancelled when its connection closes, if the scheduler
 * keeps it queued. The server runs in this JVM, so its heap is counted here.
 */
@Tag("standalone-only")
class StandaloneTransportIT extends RoomcastSuite {

    private static final String GRIZZLY_CONNECTION = "org.glassfish.grizzly.nio.transport.TCPNIOConnection";
    private static final int DROPPED = 150;
    private static final int CLOSED = 50;
    /** Room for the HTTP connections that /health polls open meanwhile, far below what a leak leaves. */
    private static final int SLACK = 25;
    private static final String TIMER = "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask";
    private static final int CHATS = 50;
    private static final long HEADER_DEADLINE_MILLIS = 6_000;

    @Test
    void keepsNothingOfConnectionsThatEnded() throws Exception {
        int connectionsBefore = server.connections();
        long grizzlyBefore = liveInstances(GRIZZLY_CONNECTION);
        List<RawWebSocket> dropped = new ArrayList<>();
        List<WsClient> closed = new ArrayList<>();
        for (int i = 0; i < DROPPED; i++) {
            RawWebSocket socket = RawWebSocket.open(server.ws("ws/echo"));
            assertEquals(101, socket.status());
            dropped.add(socket);
        }
        for (int i = 0; i < CLOSED; i++) {
            closed.add(WsClient.connect(server.ws("ws/echo")));
        }
        RegistryIT.awaitConnections(server, count -> count >= connectionsBefore + DROPPED + CLOSED, "all open");
        // At least the connections held now: not "before + these", since connections of earlier tests that were
        // still closing when "before" was counted may be gone by now (CI saw that once).
        long grizzlyOpen = liveInstances(GRIZZLY_CONNECTION);
        assertTrue(grizzlyOpen >= DROPPED + CLOSED, "the count sees the open connections: " + grizzlyOpen
                + " for " + (DROPPED + CLOSED) + " open (" + grizzlyBefore + " before)");

        for (RawWebSocket socket : dropped) {
            socket.abort();
        }
        closed.forEach(WsClient::close);
        RegistryIT.awaitConnections(server, count -> count <= connectionsBefore, "every session forgotten");

        long deadline = System.nanoTime() + WsClient.PATIENCE.toNanos();
        long grizzlyAfter = liveInstances(GRIZZLY_CONNECTION);
        while (grizzlyAfter > grizzlyBefore + SLACK && System.nanoTime() < deadline) {
            Thread.sleep(200);
            grizzlyAfter = liveInstances(GRIZZLY_CONNECTION);
        }
        assertTrue(grizzlyAfter <= grizzlyBefore + SLACK, "Grizzly connections still in the heap: " + grizzlyAfter
                + ", against " + grizzlyBefore + " before " + (DROPPED + CLOSED) + " came and went");
    }

    /**
     * Found by the soak run: a chat connection's two token-expiry timers, cancelled when it closed, stayed
     * queued in the scheduler until the token would have expired (an hour here): 23,000 of them after ten
     * minutes of churn.
     */
    @Test
    void keepsNoTimerOfChatConnectionsWhoseTokensOutliveThem() throws Exception {
        int connectionsBefore = server.connections();
        // Each HTTP request also has a deadline for its headers (5 s by default), cancelled once they are in:
        // let those of earlier tests run out first, and this test's own after it.
        Thread.sleep(HEADER_DEADLINE_MILLIS);
        long timersBefore = liveInstances(TIMER);
        List<ChatClient> clients = new ArrayList<>();
        for (int i = 0; i < CHATS; i++) {
            ChatClient client = ChatClient.connect(server, "soak-" + i); // a token valid for an hour
            client.join("transport-" + i);
            clients.add(client);
        }
        long timersOpen = liveInstances(TIMER);
        assertTrue(timersOpen >= timersBefore + 2 * CHATS,
                "the count sees the expiry timers: " + timersBefore + " before, " + timersOpen + " with the connections");
        clients.forEach(ChatClient::close);
        RegistryIT.awaitConnections(server, count -> count <= connectionsBefore, "every session forgotten");
        Thread.sleep(HEADER_DEADLINE_MILLIS);

        long timersAfter = liveInstances(TIMER);
        assertTrue(timersAfter <= timersBefore + SLACK, "timers still queued: " + timersAfter + ", against "
                + timersBefore + " before " + CHATS + " chat connections came and went");
    }

    /** Instances of {@code className} that a full collection leaves, from the JVM's class histogram. */
    private static long liveInstances(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Matcher row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "( \\(.*\\))?\\s*$", // a JDK class has its module after it
                Pattern.MULTILINE).matcher(histogram);
        return row.find() ? Long.parseLong(row.group(1)) : 0;
    }
}
