package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /ws/broadcast} relays to every other connection on the endpoint, like the tutorial's group chat. */
class BroadcastIT extends RoomcastSuite {

    private List<WsClient> clients = List.of();

    @AfterEach
    void disconnect() {
        clients.forEach(WsClient::close);
    }

    @Test
    void everyOtherConnectionReceivesAndTheSenderDoesNot() {
        clients = WsClient.joinBroadcast(server.ws("ws/broadcast"), 3);
        WsClient alice = clients.get(0);
        WsClient bob = clients.get(1);
        WsClient carol = clients.get(2);

        alice.send("hi from alice");
        assertEquals("New message: hi from alice", bob.next());
        assertEquals("New message: hi from alice", carol.next());

        // Had alice been sent her own message, it would be queued ahead of bob's.
        bob.send("hi from bob");
        assertEquals("New message: hi from bob", alice.next());
        assertEquals("New message: hi from bob", carol.next());
    }

    @Test
    void doesNotLeakToOtherEndpoints() {
        clients = WsClient.joinBroadcast(server.ws("ws/broadcast"), 2);
        try (WsClient listener = WsClient.connect(server.ws("ws/echo"))) {
            clients.get(0).send("only for broadcast");
            assertEquals("New message: only for broadcast", clients.get(1).next());
            // The broadcast went out before the echo: leaked to the listener, it would arrive before its answer.
            listener.send("ping");
            assertEquals("Message text was: ping", listener.next());
        }
    }

    @Test
    void aClosedConnectionStopsReceivingAndOthersCarryOn() {
        clients = WsClient.joinBroadcast(server.ws("ws/broadcast"), 3);
        WsClient sender = clients.get(0);
        WsClient stays = clients.get(1);
        WsClient leaves = clients.get(2);

        sender.send("one");
        assertEquals("New message: one", leaves.next());
        assertEquals("New message: one", stays.next());
        leaves.close();
        sender.send("two");
        assertEquals("New message: two", stays.next());
    }
}
