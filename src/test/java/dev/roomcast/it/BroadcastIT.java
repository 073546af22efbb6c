package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.RoomcastExtension;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /ws/broadcast} relays to every other connection on the endpoint, like the tutorial's group chat. */
@ExtendWith(RoomcastExtension.class)
class BroadcastIT {

    @Test
    void everyOtherConnectionReceivesAndTheSenderDoesNot(ServerUnderTest server) {
        try (WsClient alice = WsClient.connect(server.ws("ws/broadcast"));
             WsClient bob = WsClient.connect(server.ws("ws/broadcast"));
             WsClient carol = WsClient.connect(server.ws("ws/broadcast"))) {
            alice.send("hi from alice");
            assertEquals("New message: hi from alice", bob.next());
            assertEquals("New message: hi from alice", carol.next());

            // Had alice been sent her own message, it would be queued ahead of bob's reply.
            bob.send("hi from bob");
            assertEquals("New message: hi from bob", alice.next());
            assertEquals("New message: hi from bob", carol.next());
        }
    }

    @Test
    void doesNotLeakToOtherEndpoints(ServerUnderTest server) {
        try (WsClient listener = WsClient.connect(server.ws("ws/echo"));
             WsClient sender = WsClient.connect(server.ws("ws/broadcast"));
             WsClient receiver = WsClient.connect(server.ws("ws/broadcast"))) {
            sender.send("only for broadcast");
            assertEquals("New message: only for broadcast", receiver.next());
            listener.send("ping");
            assertEquals("Message text was: ping", listener.next());
            listener.assertNothingFor(Duration.ofMillis(200));
        }
    }

    @Test
    void aClosedConnectionStopsReceivingAndOthersCarryOn(ServerUnderTest server) {
        try (WsClient sender = WsClient.connect(server.ws("ws/broadcast"));
             WsClient stays = WsClient.connect(server.ws("ws/broadcast"))) {
            WsClient leaves = WsClient.connect(server.ws("ws/broadcast"));
            sender.send("one");
            assertEquals("New message: one", leaves.next());
            assertEquals("New message: one", stays.next());
            leaves.close();
            sender.send("two");
            assertEquals("New message: two", stays.next());
        }
    }
}
