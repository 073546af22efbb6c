package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upgrade request that is not a valid WebSocket handshake (RFC 6455, section 4.2.1) gets an HTTP error
 * that ends, never a 101 and never a response the client has to wait out; the endpoint keeps serving.
 */
class HandshakeIT extends RoomcastSuite {

    @Test
    void anUnsupportedVersionGets426NamingVersion13() throws Exception {
        try (RawWebSocket refused = open(Map.of("Sec-WebSocket-Version", "8"))) {
            assertEquals(426, refused.status());
            assertTrue(refused.headers().getOrDefault("sec-websocket-version", "").contains("13"),
                    "names the version it speaks: " + refused.headers());
            assertRefusedAndEnded(refused);
        }
        stillServed();
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @ValueSource(strings = {"", "c2hvcnQ=", "not base64 at all!"})
    void aHandshakeWithoutAWellFormedKeyGets400(String key) throws Exception {
        try (RawWebSocket refused = open(Map.of("Sec-WebSocket-Key", key))) {
            assertEquals(400, refused.status());
            assertRefusedAndEnded(refused);
        }
        stillServed();
    }

    private RawWebSocket open(Map<String, String> headers) throws Exception {
        Map<String, String> request = new HashMap<>(headers);
        request.put("Origin", WsClient.originOf(server.ws("ws/echo")));
        return RawWebSocket.open(server.ws("ws/echo"), request);
    }

    private static void assertRefusedAndEnded(RawWebSocket refused) {
        assertNull(refused.headers().get("sec-websocket-accept"), "never upgraded");
        assertDoesNotThrow(refused::refusalBody, "the response ends");
    }

    private void stillServed() {
        try (WsClient client = WsClient.connect(server.ws("ws/echo"))) {
            client.send("still here");
            assertEquals("Message text was: still here", client.next());
        }
    }
}
