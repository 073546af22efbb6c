package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The session registry holds exactly the open sessions, whichever way a connection ends. */
class RegistryIT extends RoomcastSuite {

    static final int CONNECTIONS = 1_000;

    @Test
    void forgetsAThousandConnectionsThatVanishWithoutAClose() throws Exception {
        int before = server.connections();
        List<RawWebSocket> sockets = new ArrayList<>(CONNECTIONS);
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                RawWebSocket socket = RawWebSocket.open(server.ws(i % 2 == 0 ? "ws/broadcast" : "ws/echo"));
                assertEquals(101, socket.status());
                sockets.add(socket);
            }
            awaitConnections(server, count -> count >= before + CONNECTIONS, "all sessions registered");
        } finally {
            for (RawWebSocket socket : sockets) {
                socket.abort();
            }
        }
        awaitConnections(server, count -> count <= before, "every dropped session forgotten");

        // And the endpoint still works for the living.
        List<WsClient> survivors = WsClient.joinBroadcast(server.ws("ws/broadcast"), 2);
        survivors.get(0).send("after the storm");
        assertEquals("New message: after the storm", survivors.get(1).next());
        survivors.forEach(WsClient::close);
    }

    @Test
    void forgetsACleanlyClosedConnection() {
        int before = server.connections();
        WsClient client = WsClient.connect(server.ws("ws/echo"));
        awaitConnections(server, count -> count == before + 1, "session registered");
        client.close();
        awaitConnections(server, count -> count == before, "session forgotten");
    }

    static void awaitConnections(ServerUnderTest server, IntPredicate expected, String what) {
        Eventually.await(what + " (connections on /health)", server::connections, expected::test);
    }
}
