package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.testing.BackendReceiver;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client library ({@code target/roomcast-client.jar}) against every runtime: what a service or a bot does
 * with it. Its resume across a server restart is {@link ClientLibraryRestartIT}.
 */
class ClientLibraryIT extends RoomcastSuite {

    private static BackendReceiver backend;

    @BeforeAll
    static void startBackend() throws Exception {
        backend = BackendReceiver.start(); // answers rpc
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    private RoomcastClient client(String user) {
        return RoomcastClient.builder(server.ws("ws/chat")).tokens(() -> TestTokens.valid(user)).build();
    }

    @Test
    void twoClientsChatWithAcksAndAnRpcIsAnsweredToItsCaller() throws Exception {
        String room = "lib-" + UUID.randomUUID().toString().substring(0, 8);
        List<JsonObject> heard = new CopyOnWriteArrayList<>();
        List<JsonObject> acks = new CopyOnWriteArrayList<>();
        try (RoomcastClient alice = client("alice"); RoomcastClient bob = client("bob")) {
            bob.on("message", heard::add);
            alice.on("ack", acks::add);
            JsonObject welcome = alice.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals("alice", welcome.getString("user"));
            bob.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
            List<JsonObject> joined = new CopyOnWriteArrayList<>();
            bob.on("joined", joined::add);
            alice.join(room);
            bob.join(room);
            Eventually.await("bob in the room", () -> !joined.isEmpty());

            String clientId = alice.send(room, "hello from Java");
            Eventually.await("alice's ack", () -> acks.stream().anyMatch(ack -> clientId.equals(ack.getString("clientId"))));
            JsonObject message = Eventually.await("bob hears it", () -> heard, list -> !list.isEmpty()).get(0);
            assertEquals("hello from Java", message.getString("text"));
            assertEquals("alice", message.getString("user"));
            assertEquals(clientId, message.getString("clientId"));
            assertEquals(List.of(), alice.pending().toCompletableFuture().get(5, TimeUnit.SECONDS), "nothing left to resend");

            JsonObject answer = alice.rpc("echo", Json.createObjectBuilder().add("n", 7).build())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(7, answer.getJsonObject("data").getInt("n"));
            assertEquals(RoomcastClient.State.OPEN, alice.state());
        }
    }

    /** Tokens that live five seconds: the client refreshes each before it expires, and is never closed for it. */
    @Test
    void aClientRefreshesItsTokenBeforeItExpiresAndStaysConnected() throws Exception {
        AtomicInteger minted = new AtomicInteger();
        List<RoomcastClient.State> states = new CopyOnWriteArrayList<>();
        List<JsonObject> refreshed = new CopyOnWriteArrayList<>();
        try (RoomcastClient carol = RoomcastClient.builder(server.ws("ws/chat")).tokens(() -> {
            minted.incrementAndGet();
            return TestTokens.sign(TestTokens.claims("carol").expirationTime(Date.from(Instant.now().plusSeconds(5)))
                    .build(), JWSAlgorithm.HS256);
        }).build()) {
            carol.onState(states::add).on("refreshed", refreshed::add);
            carol.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Eventually.await("two refreshes", Duration.ofSeconds(20), () -> refreshed.size(), count -> count >= 2);
            assertEquals(RoomcastClient.State.OPEN, carol.state());
            assertFalse(states.contains(RoomcastClient.State.RECONNECTING), "never closed for an expired token: " + states);
            assertTrue(minted.get() >= 3, "a token at connect and one per refresh: " + minted.get());
        }
    }
}
