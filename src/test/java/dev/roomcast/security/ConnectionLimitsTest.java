package dev.roomcast.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.roomcast.testing.RecordingBackend;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The guard's connection limits with every other check passing: the status, and the Retry-After where
 * waiting helps. The behavioural suite checks the per-user limit and the address rate on every runtime
 * (SecurityIT) and a full node on the runner (ConnectionLimitsIT); the rate's arithmetic is checked here.
 */
class ConnectionLimitsTest {

    private static final String SECRET = "a-secret-for-the-connection-limits-test";

    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, Integer> byUser = new HashMap<>();

    @Test
    void anAddressOverItsBurstWaitsForItsRate() {
        HandshakeGuard guard = guard(Map.of("handshakes-per-second", "2", "handshake-burst", "3"));
        for (int i = 0; i < 3; i++) {
            assertEquals(101, check(guard, echo("192.0.2.1")).status(), "within the burst");
        }
        HandshakeGuard.Decision refused = check(guard, echo("192.0.2.1"));
        assertEquals(429, refused.status());
        assertEquals(Map.of("Retry-After", "1"), refused.headers());
        assertEquals(101, check(guard, echo("192.0.2.2")).status(), "another address has its own bucket");
    }

    @Test
    void anUnlimitedAddressIsNeverCounted() {
        HandshakeGuard guard = guard(Map.of("handshakes-per-second", "1", "handshake-burst", "1",
                "unlimited-addresses", "10.0.0.5, 192.0.2.9"));
        for (int i = 0; i < 50; i++) {
            assertEquals(101, check(guard, echo("192.0.2.9")).status());
        }
    }

    @Test
    void aFullNodeAnswers503WithRetryAfter() {
        HandshakeGuard guard = guard(Map.of("max-connections", "3"));
        total.set(2);
        assertEquals(101, check(guard, echo("192.0.2.1")).status());
        total.set(3);
        HandshakeGuard.Decision refused = check(guard, echo("192.0.2.1"));
        assertEquals(503, refused.status());
        assertEquals(Map.of("Retry-After", "5"), refused.headers());
    }

    @Test
    void aUserAtTheirLimitAnswers429AndOthersGoOn() {
        HandshakeGuard guard = guard(Map.of("max-connections-per-user", "2"));
        byUser.put("alice", 1);
        assertEquals(101, check(guard, chat("alice")).status());
        byUser.put("alice", 2);
        HandshakeGuard.Decision refused = check(guard, chat("alice"));
        assertEquals(429, refused.status());
        assertEquals(Map.of(), refused.headers(), "no Retry-After: only closing a connection helps");
        assertEquals(101, check(guard, chat("bob")).status());
    }

    private HandshakeGuard guard(Map<String, String> limits) {
        Map<String, String> settings = new HashMap<>(limits);
        settings.put("jwt-secret", SECRET);
        SecuritySettings security = SecuritySettings.from(settings::get);
        return new HandshakeGuard(security, ConnectionLimits.from(settings::get), new TokenVerifier(security),
                OpenConnections.of(total::get, user -> byUser.getOrDefault(user, 0)), user -> 0, new RecordingBackend(),
                new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    private static Handshake echo(String address) {
        return handshake("/ws/echo", Map.of(), address);
    }

    private static Handshake chat(String user) {
        return handshake("/ws/chat", Map.of("authorization", List.of("Bearer " + token(user))), "192.0.2.1");
    }

    private static Handshake handshake(String path, Map<String, List<String>> extra, String address) {
        Map<String, List<String>> headers = new HashMap<>(extra);
        headers.put("host", List.of("localhost:8080"));
        headers.put("sec-websocket-version", List.of("13"));
        headers.put("sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
        return new Handshake(path, false, name -> headers.get(name.toLowerCase()), Map.of(), address);
    }

    private static String token(String user) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject(user)
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
            jwt.sign(new MACSigner(SECRET));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    /** An upgrade's decision; without a connect proxy, the guard answers at once. */
    private static HandshakeGuard.Decision check(HandshakeGuard guard, Handshake handshake) {
        CompletableFuture<HandshakeGuard.Decision> admission = guard.admit(handshake, true).toCompletableFuture();
        assertTrue(admission.isDone(), "answered at once");
        return admission.join();
    }
}
