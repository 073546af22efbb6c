package dev.roomcast.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.RecordingBackend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Origin rule of the handshake under each value of {@code allow-missing-origin}. The behavioural suite
 * (SecurityIT) covers the default on every runtime; the servers under test cannot change their settings, so
 * the opt-out is checked here, on the guard itself.
 */
class OriginPolicyTest {

    @Test
    void aMissingOriginIsLetInUnlessTheSettingSaysFalse() {
        assertEquals(101, decide(Map.of(), null));
        assertEquals(101, decide(Map.of("allow-missing-origin", "true"), null));
        assertEquals(403, decide(Map.of("allow-missing-origin", "false"), null));
        assertEquals(403, decide(Map.of("allow-missing-origin", " FALSE "), null));
    }

    @Test
    void aForeignOriginIsRefusedWhateverTheSetting() {
        assertEquals(403, decide(Map.of(), "https://evil.example"));
        assertEquals(403, decide(Map.of("allow-missing-origin", "true"), "https://evil.example"));
        assertEquals(101, decide(Map.of("allowed-origins", "https://chat.example"), "https://chat.example"));
        assertEquals(101, decide(Map.of(), "http://localhost:8080"));
    }

    /** The status the guard gives a well-formed handshake to the tutorial's echo, which needs no token. */
    private static int decide(Map<String, String> settings, String origin) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of("localhost:8080"));
        headers.put("sec-websocket-version", List.of("13"));
        headers.put("sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
        if (origin != null) {
            headers.put("origin", List.of(origin));
        }
        Handshake handshake = new Handshake("/ws/echo", false, name -> headers.get(name.toLowerCase()), Map.of(),
                "192.0.2.1");
        SecuritySettings security = SecuritySettings.from(settings::get);
        return new HandshakeGuard(security, ConnectionLimits.from(settings::get), new TokenVerifier(security),
                OpenConnections.of(() -> 0, user -> 0), user -> 0, new RecordingBackend(), new io.micrometer.core.instrument.composite.CompositeMeterRegistry())
                .admit(handshake, true).toCompletableFuture().join().status();
    }
}
