package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.BackendReceiver;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxies, answered by a real HTTP backend the test starts ({@link BackendReceiver}, whose answers depend on the
 * room and the text): a publish proxy that rewrites, refuses, is late or answers outside the contract; a join
 * proxy; rpc; and the connect proxy signing a user in by cookie. Whatever the backend does, the client is told,
 * and the next message still goes through.
 */
class ProxiesIT extends RoomcastSuite {

    private static BackendReceiver backend;

    @BeforeAll
    static void startBackend() throws Exception {
        backend = BackendReceiver.start();
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    static String room(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aRewrittenTextIsWhatMembersHistoryAndTheServerApiSee() {
        String room = room("proxied");
        try (ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob")) {
            alice.join(room);
            bob.join(room);
            alice.post(room, "what a darn day", "c-1");
            JsonObject received = bob.await("message", Map.of("room", room));
            assertEquals("what a **** day", received.getString("text"));
            assertEquals(Json.createObjectBuilder().add("censored", true).build(), received.getJsonObject("data"));
            assertEquals("alice", received.getString("user"));
            alice.await("ack", Map.of("clientId", "c-1"));
            bob.send("{\"type\":\"history\",\"room\":\"" + room + "\"}");
            JsonObject history = bob.await("history", Map.of("room", room));
            assertEquals("what a **** day", history.getJsonArray("messages").getJsonObject(0).getString("text"));
            JsonObject page = ApiClient.of(server).getJson("rooms/" + room + "/messages");
            JsonObject kept = page.getJsonArray("messages").getJsonObject(0);
            assertEquals("what a **** day", kept.getString("text"));
            assertTrue(kept.getJsonObject("data").getBoolean("censored"));
            JsonObject asked = backend.proxied().stream().filter(request -> room.equals(request.getString("room", null)))
                    .findFirst().orElseThrow();
            assertEquals("what a darn day", asked.getString("text"));
            assertEquals("alice", asked.getString("user"));
            assertEquals("c-1", asked.getString("clientId"));
            assertFalse(asked.getString("connection").isBlank());
            assertFalse(asked.getString("node").isBlank());
            assertEquals(List.of(), backend.unsigned(), "requests whose signature did not verify");
        }
    }

    @Test
    void aRefusalReachesTheSenderWithTheBackendsReasonAndNobodyElse() {
        String room = room("proxied");
        try (ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob")) {
            alice.join(room);
            bob.join(room);
            alice.await("presence", Map.of("user", "bob"));
            alice.post(room, "a forbidden-word here", "c-1");
            JsonObject refused = alice.expectError("refused");
            assertEquals("that word is not allowed here", refused.getString("message"));
            assertEquals(room, refused.getString("room"));
            assertEquals("c-1", refused.getString("clientId"));
            bob.expectNothingBefore(alice, room);
        }
    }

    /** Late (past proxy-timeout-ms), not JSON, or too large: backend_unavailable, nothing posted, the next one goes. */
    @Test
    void aBackendThatIsLateOrAnswersOutsideTheContractIsBackendUnavailable() {
        String room = room("proxied");
        try (ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob")) {
            alice.join(room);
            bob.join(room);
            alice.await("presence", Map.of("user", "bob"));
            for (String text : List.of("slow down", "garbage in", "a huge answer")) {
                alice.post(room, text, "c-" + text.length());
                JsonObject error = alice.expectError("backend_unavailable");
                assertEquals(room, error.getString("room"));
                assertEquals("c-" + text.length(), error.getString("clientId"));
                assertTrue(error.getInt("retryAfterMs") > 0);
            }
            bob.expectNothingBefore(alice, room);
        }
    }

    /** A send right after a join the backend is still deciding waits for it, and is not refused as not joined. */
    @Test
    void aConnectionsMessagesTakeEffectInTheOrderSentWhileTheBackendDecides() {
        String room = room("proxied");
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.join(room);
            alice.post(room, "first, slow", "c-1");
            alice.post(room, "second", "c-2");
            alice.expectError("backend_unavailable");
            JsonObject second = alice.expect("message");
            assertEquals("second", second.getString("text"));
        }
    }

    @Test
    void theJoinProxyAdmitsOrRefusesWithItsReason() {
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            String denied = room("guarded-deny");
            alice.send("{\"type\":\"join\",\"room\":\"" + denied + "\"}");
            JsonObject refused = alice.expectError("refused");
            assertEquals("members only", refused.getString("message"));
            assertEquals(denied, refused.getString("room"));
            alice.send("{\"type\":\"join\",\"room\":\"" + room("guarded-slow") + "\"}");
            alice.expectError("backend_unavailable");
            String open = room("guarded");
            assertEquals(open, alice.join(open).getString("room"));
            alice.send("{\"type\":\"send\",\"room\":\"" + denied + "\",\"text\":\"hi\"}");
            alice.expectError("not_joined");
        }
    }

    @Test
    void anRpcIsAnsweredToItsConnectionWithTheBackendsDataOrError() {
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.send("{\"type\":\"rpc\",\"method\":\"echo\",\"data\":{\"n\":7},\"id\":\"r1\"}");
            JsonObject echoed = alice.expect("rpc_result");
            assertEquals("r1", echoed.getString("id"));
            assertEquals(7, echoed.getJsonObject("data").getInt("n"));
            alice.send("{\"type\":\"rpc\",\"method\":\"fail\",\"id\":\"r2\"}");
            JsonObject failed = alice.expect("rpc_result");
            assertEquals("no_such_profile", failed.getJsonObject("error").getString("code"));
            alice.send("{\"type\":\"rpc\",\"method\":\"slow\",\"id\":\"r3\"}");
            JsonObject late = alice.expect("rpc_result");
            assertEquals("r3", late.getString("id"));
            assertEquals("backend_unavailable", late.getJsonObject("error").getString("code"));
            alice.send("{\"type\":\"rpc\",\"method\":5,\"id\":\"r4\"}");
            alice.expectError("invalid_field");
        }
    }

    @Test
    void theConnectProxySignsAUserInByCookieAndItsRefusalsAreStatusesBeforeTheUpgrade() throws Exception {
        try (ChatClient carol = ChatClient.connect(server, Map.of("Cookie", "theme=dark; session=good-carol"))) {
            assertEquals("carol", carol.welcome().getString("user"));
            String allowed = room("cookie");
            carol.join(allowed);
            carol.send("{\"type\":\"join\",\"room\":\"elsewhere\"}");
            carol.expectError("forbidden");
        }
        String origin = WsClient.originOf(server.ws("ws/chat"));
        try (RawWebSocket refused = RawWebSocket.open(server.ws("ws/chat"),
                Map.of("Cookie", "session=stolen", "Origin", origin))) {
            assertEquals(401, refused.status());
        }
        try (RawWebSocket failed = RawWebSocket.open(server.ws("ws/chat"),
                Map.of("Cookie", "session=broken", "Origin", origin))) {
            assertEquals(503, failed.status());
        }
        try (RawWebSocket anonymous = RawWebSocket.open(server.ws("ws/chat"), Map.of("Origin", origin))) {
            assertEquals(401, anonymous.status(), "no cookie, no token: nothing to ask the backend");
        }
    }

    /**
     * Sign-ins waiting for a backend that does not answer hold no thread that other connections need. On the runner
     * a waiting handshake used to hold a selector thread (one per core) for the proxy's timeout, 2 s here: eight
     * sign-ins then reached the backend a few at a time, one round per timeout, and a new connection waited
     * behind them.
     */
    @Test
    void signInsWaitingForTheBackendDoNotHoldUpOtherConnections() throws Exception {
        int signIns = 8;
        String origin = WsClient.originOf(server.ws("ws/chat"));
        ExecutorService clients = Executors.newFixedThreadPool(signIns);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < signIns; i++) {
                String session = "slow-" + i + "-" + UUID.randomUUID();
                statuses.add(clients.submit(() -> {
                    try (RawWebSocket waiting = RawWebSocket.open(server.ws("ws/chat"),
                            Map.of("Cookie", "session=" + session, "Origin", origin))) {
                        return waiting.status();
                    }
                }));
            }
            Eventually.await("the sign-ins at the backend", () -> backend.proxied().stream()
                    .filter(request -> request.getJsonObject("cookies").getString("session", "").startsWith("slow-"))
                    .count(), count -> count >= signIns);
            long allAsked = (System.nanoTime() - started) / 1_000_000;
            assertTrue(allAsked < 1_500, "all " + signIns + " sign-ins reached the backend after " + allAsked
                    + " ms, not one round per proxy timeout");
            long start = System.nanoTime();
            try (WsClient echo = WsClient.connect(server.ws("ws/echo"))) {
                echo.send("meanwhile");
                assertEquals("Message text was: meanwhile", echo.next());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1_000, "an echo connection while sign-ins wait took " + millis + " ms");
            for (Future<Integer> status : statuses) {
                assertEquals(503, status.get(30, TimeUnit.SECONDS), "a backend that does not answer in time");
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
