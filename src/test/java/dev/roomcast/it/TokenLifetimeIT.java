package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roomcast.config.Settings;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import dev.roomcast.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A chat connection lives as long as its token: warned with {@code token_expiring}, closed with 4001 at the
 * token's {@code exp}, unless the client sends {@code refresh} with a new token of the same user.
 */
class TokenLifetimeIT extends RoomcastSuite {

    /** The runtimes under test warn this long before expiry (roomcast.test.settings). */
    static final int WARNING_SECONDS = Settings.fromEnvironment().tokenExpiryWarningSeconds();

    @Test
    void aConnectionIsWarnedAndThenClosedWhenItsTokenExpires() {
        Instant exp = Instant.now().plusSeconds(WARNING_SECONDS + 2);
        try (ChatClient client = connect("short-lived", exp)) {
            JsonObject warning = client.expect("token_expiring");
            assertEquals(exp.getEpochSecond(), warning.getJsonNumber("exp").longValue());
            WsClient.Closed closed = client.socket().awaitClose();
            assertEquals(4001, closed.code(), closed.toString());
            assertTrue(Instant.now().isAfter(exp.minusSeconds(1)), "not closed before the token's exp");
        }
    }

    @Test
    void aRefreshWithANewTokenKeepsTheConnectionOpen() {
        Instant exp = Instant.now().plusSeconds(WARNING_SECONDS + 2);
        try (ChatClient client = connect("refreshing", exp)) {
            client.expect("token_expiring");
            Instant later = Instant.now().plus(Duration.ofHours(1));
            client.send("{\"type\":\"refresh\",\"token\":\"" + token("refreshing", later) + "\"}");
            assertEquals(later.getEpochSecond(), client.expect("refreshed").getJsonNumber("exp").longValue());
            client.socket().assertNothingFor(Duration.between(Instant.now(), exp).plusSeconds(2));
            client.send("{\"type\":\"ping\",\"id\":\"alive\"}");
            assertEquals("alive", client.expect("pong").getString("id"));
        }
    }

    @Test
    void aRefreshWithAnotherUsersOrAnInvalidTokenIsRefusedAndTheOldTokenHolds() {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        try (ChatClient client = connect("holder", later)) {
            client.send("{\"type\":\"refresh\",\"token\":\"" + token("someone-else", later) + "\"}");
            client.expectError("invalid_token");
            client.send("{\"type\":\"refresh\",\"token\":\"" + token("holder", Instant.now().minusSeconds(300)) + "\"}");
            client.expectError("invalid_token");
            client.send("{\"type\":\"refresh\",\"token\":\"not.a.token\"}");
            client.expectError("invalid_token");
            client.send("{\"type\":\"ping\",\"id\":\"still\"}");
            assertEquals("still", client.expect("pong").getString("id"));
        }
    }

    @Test
    void aRefreshWithANarrowerRoomsClaimLeavesTheRoomsItNoLongerAllows() {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        String wide = TestTokens.sign(TestTokens.claims("narrowed").expirationTime(Date.from(later))
                .claim("rooms", List.of("narrow-keep", "narrow-drop")).build(), JWSAlgorithm.HS256);
        String narrow = TestTokens.sign(TestTokens.claims("narrowed").expirationTime(Date.from(later))
                .claim("rooms", List.of("narrow-keep")).build(), JWSAlgorithm.HS256);
        try (ChatClient watcher = ChatClient.connect(server, "narrow-watcher");
             ChatClient client = ChatClient.connect(server, Map.of("Authorization", "Bearer " + wide))) {
            watcher.join("narrow-drop");
            client.join("narrow-keep");
            client.join("narrow-drop");
            watcher.await("presence", Map.of("user", "narrowed", "event", "join"));
            client.send("{\"type\":\"refresh\",\"token\":\"" + narrow + "\"}");
            client.expect("refreshed");
            JsonObject left = client.expect("left");
            assertEquals("narrow-drop", left.getString("room"));
            assertEquals("forbidden", left.getString("reason"));
            watcher.await("presence", Map.of("user", "narrowed", "event", "leave"));
            client.post("narrow-drop", "not any more", "c-1");
            assertEquals("narrow-drop", client.expectError("forbidden").getString("room"));
            client.post("narrow-keep", "still here", "c-2");
            assertEquals("still here", client.expect("message").getString("text"));
        }
    }

    private ChatClient connect(String user, Instant exp) {
        return ChatClient.connect(server, Map.of("Authorization", "Bearer " + token(user, exp)));
    }

    private static String token(String user, Instant exp) {
        return TestTokens.sign(TestTokens.claims(user).expirationTime(Date.from(exp)).build(), JWSAlgorithm.HS256);
    }
}
