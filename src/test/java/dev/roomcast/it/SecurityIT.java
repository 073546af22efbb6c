package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.roomcast.testing.BackendReceiver;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import dev.roomcast.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bypass matrix: every way in without a valid token, or from a foreign page, is refused with an HTTP
 * status before any upgrade; every supported carrier of a valid token works; a token's rooms claim is
 * enforced per room.
 */
class SecurityIT extends RoomcastSuite {

    /**
     * The backend the runtimes' connect proxy asks about handshakes with cookies (roomcast.test.settings): it knows
     * no session of these tests, so a token carried in a cookie is refused by it with 401, as a credential Roomcast
     * does not read there. Without it running, the connect proxy would fail, and the answer would be a 503.
     */
    private static BackendReceiver backend;

    @BeforeAll
    static void startBackend() throws Exception {
        backend = BackendReceiver.start();
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }


    static Stream<Arguments> refusedTokens() {
        Instant now = Instant.now();
        JWTClaimsSet valid = TestTokens.claims("mallory").build();
        return Stream.of(
                Arguments.of("no token", Map.of()),
                Arguments.of("malformed", bearer("not-a.jwt")),
                Arguments.of("wrong signature", bearer(TestTokens.signedWithAnotherSecret(valid))),
                Arguments.of("expired", bearer(TestTokens.sign(TestTokens.claims("mallory")
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(5)))).build(), JWSAlgorithm.HS256))),
                Arguments.of("not yet valid", bearer(TestTokens.sign(TestTokens.claims("mallory")
                        .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5)))).build(), JWSAlgorithm.HS256))),
                Arguments.of("wrong audience", bearer(TestTokens.sign(TestTokens.claims("mallory")
                        .audience("someone-else").build(), JWSAlgorithm.HS256))),
                Arguments.of("wrong issuer", bearer(TestTokens.sign(TestTokens.claims("mallory")
                        .issuer("https://evil.example").build(), JWSAlgorithm.HS256))),
                Arguments.of("no expiry", bearer(TestTokens.sign(TestTokens.claims("mallory")
                        .expirationTime(null).build(), JWSAlgorithm.HS256))),
                Arguments.of("alg none", bearer(TestTokens.unsigned(valid))),
                Arguments.of("HS256 signed with the RSA public key", bearer(TestTokens.hs256WithThePublicKey(valid))),
                Arguments.of("only in a cookie", Map.of("Cookie", "access_token=" + TestTokens.valid("mallory"))),
                Arguments.of("only in another header", Map.of("X-Access-Token", TestTokens.valid("mallory"))),
                Arguments.of("Bearer without the protocol name", Map.of("Sec-WebSocket-Protocol",
                        TestTokens.valid("mallory"))),
                // Signed correctly, but its sub breaks the user-name rule: refused before the upgrade, not closed
                // with 1008 after it.
                Arguments.of("sub with a space", bearer(TestTokens.valid("a b"))),
                Arguments.of("empty sub", bearer(TestTokens.valid(""))),
                Arguments.of("sub of 65 characters", bearer(TestTokens.valid("a".repeat(65)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aHandshakeWithoutAValidTokenIsRefusedWith401(String what, Map<String, String> headers) throws Exception {
        Map<String, String> request = new HashMap<>(headers);
        request.put("Origin", WsClient.originOf(server.ws("ws/chat")));
        try (RawWebSocket refused = RawWebSocket.open(server.ws("ws/chat"), request)) {
            assertEquals(401, refused.status(), what);
            assertNull(refused.headers().get("sec-websocket-accept"), "never upgraded");
        }
    }

    /**
     * A browser never sees a refused handshake's status, only a close with 1006; so its client asks with a
     * plain GET of the same path (PROTOCOL.md, "Checking credentials"): 401 for whatever a handshake would be
     * refused for, 426 for credentials that would be let in.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void aPlainRequestTellsRefusedCredentialsWith401(String what, Map<String, String> headers) {
        HttpResponse<String> answer = server.get("ws/chat", headers);
        assertEquals(401, answer.statusCode(), what);
        assertEquals("Bearer", answer.headers().firstValue("WWW-Authenticate").orElse(null), what);
    }

    @Test
    void aPlainRequestWithAcceptedCredentialsIsToldToUpgrade() {
        for (Map<String, String> carrier : List.of(bearer(TestTokens.valid("alice")),
                Map.of("Sec-WebSocket-Protocol", "roomcast.v1, " + TestTokens.valid("alice")))) {
            HttpResponse<String> answer = server.get("ws/chat", carrier);
            assertEquals(426, answer.statusCode(), carrier.keySet().toString());
            assertEquals("13", answer.headers().firstValue("Sec-WebSocket-Version").orElse(null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignOrigins")
    void aForeignOriginIsRefusedWith403(String path, String origin) throws Exception {
        Map<String, String> request = new HashMap<>(bearer(TestTokens.valid("alice")));
        request.put("Origin", origin);
        try (RawWebSocket refused = RawWebSocket.open(server.ws(path), request)) {
            assertEquals(403, refused.status());
            assertNull(refused.headers().get("sec-websocket-accept"), "never upgraded");
        }
    }

    static Stream<Arguments> foreignOrigins() {
        return Stream.of(
                Arguments.of("ws/chat", "https://evil.example"),
                Arguments.of("ws/echo", "https://evil.example"),
                Arguments.of("ws/broadcast", "http://localhost.evil.example"));
    }

    /**
     * A program (wscat, Python's websockets, Java's HTTP client) sends no Origin; a browser always does. By
     * default such a client is let in and served, on the tutorial's endpoints as on the chat with a token.
     */
    @Test
    void aClientWithoutOriginIsLetInByDefault() {
        try (WsClient echo = WsClient.connect(server.ws("ws/echo"), Map.of())) {
            echo.send("no origin");
            assertEquals("Message text was: no origin", echo.next());
        }
        try (WsClient json = WsClient.connect(server.ws("ws/json"), Map.of())) {
            json.send("{\"text\":\"no origin\"}");
            assertEquals("{\"message\":\"Received: no origin\"}", json.next());
        }
        try (WsClient chat = WsClient.connect(server.ws("ws/chat"), bearer(TestTokens.valid("alice")))) {
            String welcome = chat.next();
            assertTrue(welcome.contains("\"type\":\"welcome\"") && welcome.contains("\"user\":\"alice\""), welcome);
        }
    }

    @Test
    void theTutorialEndpointsAreOpenWithoutAToken() {
        try (WsClient echo = WsClient.connect(server.ws("ws/echo"))) {
            echo.send("open");
            assertEquals("Message text was: open", echo.next());
        }
    }

    @ParameterizedTest
    @MethodSource("signingAlgorithms")
    void aValidTokenWorksWithEveryConfiguredKey(JWSAlgorithm algorithm) {
        String token = TestTokens.sign(TestTokens.claims("alice").build(), algorithm);
        try (ChatClient alice = ChatClient.connect(server, bearer(token))) {
            assertEquals("alice", alice.welcome().getString("user"));
        }
    }

    static Stream<JWSAlgorithm> signingAlgorithms() {
        return Stream.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    }

    @Test
    void aBrowserCarriesTheTokenAsASubprotocolThatIsNeverEchoed() throws Exception {
        String token = TestTokens.valid("browser");
        try (WsClient client = WsClient.connect(server.ws("ws/chat"),
                Map.of("Origin", WsClient.originOf(server.ws("ws/chat"))), "roomcast.v1", token)) {
            assertEquals("roomcast.v1", client.subprotocol());
            assertEquals("browser", ChatClient.parse(client.next()).getString("user"));
        }
        Map<String, String> raw = Map.of("Origin", WsClient.originOf(server.ws("ws/chat")),
                "Sec-WebSocket-Protocol", "roomcast.v1, " + token);
        try (RawWebSocket handshake = RawWebSocket.open(server.ws("ws/chat"), raw)) {
            assertEquals(101, handshake.status());
            assertEquals("roomcast.v1", handshake.headers().get("sec-websocket-protocol"));
        }
    }

    @Test
    void aQueryTokenWorksWhereTheServerEnablesIt() {
        try (WsClient client = WsClient.connect(server.ws("ws/chat?access_token=" + TestTokens.valid("cli")))) {
            assertEquals("cli", ChatClient.parse(client.next()).getString("user"));
        }
    }

    @Test
    void aTokenForOtherRoomsGetsAnErrorAndNothingOfTheRoom() {
        String lobby = ChatProtocolIT.room();
        String token = TestTokens.sign(TestTokens.claims("guest").claim("rooms", List.of("team-*")).build(),
                JWSAlgorithm.HS256);
        try (ChatClient guest = ChatClient.connect(server, bearer(token));
             ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.join(lobby);
            guest.send("{\"type\":\"join\",\"room\":\"" + lobby + "\"}");
            assertEquals(lobby, guest.expectError("forbidden").getString("room"));
            guest.post(lobby, "sneaking in", "s-1");
            JsonObject refused = guest.expectError("forbidden");
            assertEquals("s-1", refused.getString("clientId"));

            alice.post(lobby, "members only");
            alice.expect("message");
            guest.send("{\"type\":\"ping\",\"id\":\"after\"}");
            assertEquals("after", guest.expect("pong").getString("id"), "nothing of the lobby reached the guest");

            String team = "team-" + lobby;
            assertEquals("recent", guest.join(team).getString("replay"), "a room its pattern allows");
        }
    }

    @Test
    void concurrentHandshakesKeepTheirOwnIdentities() {
        List<CompletableFuture<String>> welcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String user = "user" + i;
            welcomes.add(CompletableFuture.supplyAsync(() -> {
                try (ChatClient client = ChatClient.connect(server, user)) {
                    return client.welcome().getString("user");
                }
            }));
        }
        for (int i = 0; i < welcomes.size(); i++) {
            assertEquals("user" + i, welcomes.get(i).join());
        }
    }

    /** The test settings allow 10 connections per user; the 11th handshake is refused before the upgrade. */
    @Test
    void aUserOverTheirConnectionLimitIsRefusedWith429() throws Exception {
        List<ChatClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                held.add(ChatClient.connect(server, "hoarder"));
            }
            Map<String, String> request = new HashMap<>(bearer(TestTokens.valid("hoarder")));
            request.put("Origin", WsClient.originOf(server.ws("ws/chat")));
            try (RawWebSocket refused = RawWebSocket.open(server.ws("ws/chat"), request)) {
                assertEquals(429, refused.status());
                assertNull(refused.headers().get("sec-websocket-accept"), "never upgraded");
            }
            try (ChatClient other = ChatClient.connect(server, "not-the-hoarder")) {
                assertEquals("not-the-hoarder", other.welcome().getString("user"));
            }
            held.remove(0).close();
            awaitAdmitted("hoarder"); // a closed connection frees its place
        } finally {
            held.forEach(ChatClient::close);
        }
    }

    /**
     * One client address may open 30 handshakes at once and 10 per second after that (the defaults); beyond,
     * 429 with Retry-After. The test's handshakes come from 127.0.0.2, an address of its own.
     */
    @Test
    void anAddressOverItsHandshakeRateIsRefusedWith429() throws Exception {
        URI echo = server.ws("ws/echo");
        int admitted = 0;
        for (int attempt = 1; attempt <= 100; attempt++) {
            try (RawWebSocket socket = RawWebSocket.open(echo, Map.of(), 0, "127.0.0.2")) {
                if (socket.status() == 429) {
                    assertTrue(admitted >= 30, "refused after only " + admitted);
                    assertNull(socket.headers().get("sec-websocket-accept"), "never upgraded");
                    assertTrue(Integer.parseInt(socket.headers().get("retry-after")) >= 1, socket.headers().toString());
                    return;
                }
                assertEquals(101, socket.status());
                admitted++;
            }
        }
        throw new AssertionError("100 handshakes from one address, none refused");
    }

    private void awaitAdmitted(String user) {
        Eventually.await(user + " admitted again", () -> {
            try (ChatClient again = ChatClient.connect(server, user)) {
                return user.equals(again.welcome().getString("user"));
            } catch (AssertionError | RuntimeException refused) {
                return false;
            }
        });
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
