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

    private ChatClient connect(String user, Instant exp) {
        return ChatClient.connect(server, Map.of("Authorization", "Bearer " + token(user, exp)));
    }

    private static String token(String user, Instant exp) {
        return TestTokens.sign(TestTokens.claims(user).expirationTime(Date.from(exp)).build(), JWSAlgorithm.HS256);
    }
}
