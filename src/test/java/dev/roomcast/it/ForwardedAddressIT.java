package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a reverse proxy every connection comes from the proxy; the client's address is the one the proxy
 * forwards, and only a trusted proxy's word is taken. The suite's settings trust 127.0.0.1 (and exempt it from the
 * handshake rate), as README's nginx example does: so the tests' handshakes from 127.0.0.1 play the proxy, and
 * those from 127.0.0.5 someone else. The rate is the default: bursts of 30 per address, then 10 per second.
 * Found when tried behind nginx with the defaults: 200 users connecting at once got 41 connections and 159 429s.
 */
class ForwardedAddressIT extends RoomcastSuite {

    private static final String PROXY = "127.0.0.1";
    private static final String STRANGER = "127.0.0.5";

    @Test
    void twoHundredUsersBehindTheProxyAllGetIn() throws Exception {
        for (int user = 0; user < 200; user++) {
            try (RawWebSocket socket = handshake(PROXY, "203.0.113." + user)) {
                assertEquals(101, socket.status(), "user " + user + " of 200 behind the proxy: " + socket.headers());
            }
        }
    }

    /** The proxy is exempt, its clients are not: each is held to its own rate, named by the rightmost entry. */
    @Test
    void aForwardedClientIsHeldToItsOwnRate() throws Exception {
        assertRefusedAfterTheBurst(attempt -> handshake(PROXY, "6.6.6." + attempt + ", 192.0.2.77"));
    }

    /**
     * From an address that is not a trusted proxy the header is ignored, whatever it says: here a different address
     * each time, one of them the unlimited 127.0.0.1; the handshakes are all counted as the stranger's own.
     */
    @Test
    void aForwardedHeaderFromAnUntrustedAddressIsIgnored() throws Exception {
        assertRefusedAfterTheBurst(attempt -> handshake(STRANGER, attempt % 2 == 0 ? PROXY : "198.51.100." + attempt));
    }

    private interface Attempt {
        RawWebSocket open(int attempt) throws Exception;
    }

    private static void assertRefusedAfterTheBurst(Attempt attempts) throws Exception {
        int admitted = 0;
        for (int attempt = 0; attempt < 100; attempt++) {
            try (RawWebSocket socket = attempts.open(attempt)) {
                if (socket.status() == 429) {
                    assertTrue(admitted >= 30, "refused after only " + admitted);
                    return;
                }
                assertEquals(101, socket.status(), socket.headers().toString());
                admitted++;
            }
        }
        throw new AssertionError("100 handshakes counted as one client's, none refused");
    }

    private RawWebSocket handshake(String from, String forwardedFor) throws Exception {
        URI echo = server.ws("ws/echo");
        return RawWebSocket.open(echo, Map.of("X-Forwarded-For", forwardedFor), 0, from);
    }
}
