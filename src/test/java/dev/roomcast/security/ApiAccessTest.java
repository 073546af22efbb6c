package dev.roomcast.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.config.SettingReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may call the server API, decided without HTTP; ApiIT checks the same over HTTP on every runtime. */
class ApiAccessTest {

    static final String KEY = "first-key-0123456789";
    static final String NEXT = "second-key-0123456789";

    @Test
    void withoutKeysOrScopeTheApiIsOffAndSaysHowToTurnItOn() {
        ApiAccess.Decision decision = access(Map.of()).check(null, KEY, Set.of());
        assertEquals(404, decision.status());
        assertEquals("api_off", decision.error());
        assertTrue(decision.message().contains("ROOMCAST_API_KEYS"), decision.message());
    }

    @Test
    void everyConfiguredKeyIsAcceptedInEitherHeader() {
        ApiAccess access = access(Map.of("api-keys", KEY + "," + NEXT));
        assertTrue(access.check(null, KEY, Set.of()).allowed());
        assertTrue(access.check("Bearer " + NEXT, null, Set.of()).allowed());
        assertTrue(access.check("bearer " + KEY, null, Set.of()).allowed(), "the scheme is case-insensitive");
        assertEquals(401, access.check("Bearer " + KEY + "x", null, Set.of()).status());
        assertEquals(401, access.check("Basic " + KEY, null, Set.of()).status());
        assertEquals(401, access.check(null, null, Set.of()).status());
    }

    @Test
    void aCredentialInTheQueryStringIsRefusedEvenAlongsideAGoodOne() {
        ApiAccess access = access(Map.of("api-keys", KEY));
        for (String name : Set.of("api_key", "apiKey", "key", "token", "access_token")) {
            assertEquals(401, access.check(null, KEY, Set.of(name)).status(), name);
        }
        assertTrue(access.check(null, KEY, Set.of("limit", "after")).allowed());
    }

    @Test
    void eachCredentialHasItsOwnRate() {
        ApiAccess access = access(Map.of("api-keys", KEY + "," + NEXT, "api-rate-per-second", "1",
                "api-rate-burst", "3"));
        for (int i = 0; i < 3; i++) {
            assertTrue(access.check(null, KEY, Set.of()).allowed());
        }
        ApiAccess.Decision limited = access.check(null, KEY, Set.of());
        assertEquals(429, limited.status());
        assertEquals("rate_limited", limited.error());
        assertTrue(limited.retryAfterSeconds() >= 1);
        assertTrue(access.check(null, NEXT, Set.of()).allowed(), "another key has its own budget");
    }

    @Test
    void aShortKeyStopsTheStart() {
        SettingReader.InvalidSettingException refused = assertThrows(SettingReader.InvalidSettingException.class,
                () -> access(Map.of("api-keys", "short")));
        assertTrue(refused.getMessage().startsWith("roomcast.api-keys (ROOMCAST_API_KEYS)"), refused.getMessage());
    }

    private static ApiAccess access(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("jwt-secret", "a-secret-that-is-long-enough-for-hs256");
        return new ApiAccess(ApiSettings.from(all::get), new TokenVerifier(SecuritySettings.from(all::get)));
    }
}
