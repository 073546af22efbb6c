package dev.roomcast.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.roomcast.config.SettingReader;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How the client's address is read from forwarded headers, and only from trusted proxies. The behavioural suite
 * (ForwardedAddressIT) checks the same through real proxied and spoofed handshakes on every runtime.
 */
class TrustedProxiesTest {

    private static TrustedProxies trusting(String setting) {
        return TrustedProxies.from(new SettingReader(Map.of("trusted-proxies", setting)::get));
    }

    private static Function<String, List<String>> headers(String name, String... values) {
        return header -> header.equalsIgnoreCase(name) ? List.of(values) : null;
    }

    @Test
    void aHeaderFromAnUntrustedPeerIsIgnored() {
        TrustedProxies proxies = trusting("10.0.0.1");
        assertEquals("192.0.2.7", proxies.clientOf("192.0.2.7", headers("X-Forwarded-For", "127.0.0.1")));
        assertFalse(TrustedProxies.none().any());
        assertEquals("192.0.2.7", TrustedProxies.none().clientOf("192.0.2.7", headers("X-Forwarded-For", "1.2.3.4")));
    }

    @Test
    void theRightmostUntrustedEntryIsTheClient() {
        TrustedProxies proxies = trusting("10.0.0.0/8");
        // The client wrote "6.6.6.6" itself; the outer proxy 10.1.1.1 saw 198.51.100.4 and appended it.
        assertEquals("198.51.100.4", proxies.clientOf("10.0.0.1",
                headers("X-Forwarded-For", "6.6.6.6, 198.51.100.4, 10.1.1.1")));
        assertEquals("198.51.100.4", proxies.clientOf("10.0.0.1",
                headers("X-Forwarded-For", "6.6.6.6", "198.51.100.4:5123")), "headers in order, ports removed");
        assertEquals("10.2.2.2", proxies.clientOf("10.0.0.1", headers("X-Forwarded-For", "10.2.2.2, 10.1.1.1")),
                "all trusted: the leftmost");
        assertEquals("10.0.0.1", proxies.clientOf("10.0.0.1", headers("X-Other", "x")), "no header: the peer");
        assertEquals("10.1.1.1", proxies.clientOf("10.0.0.1",
                headers("X-Forwarded-For", "6.6.6.6, 198.51.100.4, garbage, 10.1.1.1")),
                "a malformed hop stops the walk: nothing left of it is believed, the last proxy stands for the client");
    }

    @Test
    void forwardedWinsOverXForwardedForAndIsUnquoted() {
        TrustedProxies proxies = trusting("10.0.0.1, 2001:db8::/32");
        Function<String, List<String>> both = header -> switch (header) {
            case "Forwarded" -> List.of("for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https, for=203.0.113.9;by=10.0.0.1");
            case "X-Forwarded-For" -> List.of("192.0.2.200");
            default -> null;
        };
        assertEquals("203.0.113.9", proxies.clientOf("10.0.0.1", both));
        assertEquals("6.6.6.6", proxies.clientOf("2001:db8::1",
                headers("Forwarded", "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\"")), "an IPv6 proxy range");
        assertEquals("10.0.0.1", proxies.clientOf("10.0.0.1", headers("Forwarded", "for=unknown")),
                "an obfuscated for= names nobody usable");
    }

    @Test
    void rangesMatchByPrefix() {
        TrustedProxies proxies = trusting("172.16.0.0/12");
        assertEquals("192.0.2.1", proxies.clientOf("172.31.255.254", headers("X-Forwarded-For", "192.0.2.1")));
        assertEquals("172.32.0.1", proxies.clientOf("172.32.0.1", headers("X-Forwarded-For", "192.0.2.1")));
    }

    @Test
    void aBadEntryIsOneSentence() {
        for (String bad : List.of("proxy.example.com", "10.0.0.0/33", "10.1", "10.0.0.256", "::1/129", "10.0.0.0/x")) {
            SettingReader.InvalidSettingException e = assertThrows(SettingReader.InvalidSettingException.class,
                    () -> trusting(bad), bad);
            assertEquals(true, e.getMessage().startsWith("roomcast.trusted-proxies (ROOMCAST_TRUSTED_PROXIES) "),
                    e.getMessage());
        }
    }
}
