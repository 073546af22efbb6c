package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.config.Settings;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import dev.roomcast.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Floods are answered with rate_limited and, if they go on, closed with 1008; nobody else notices. */
class ChatLimitsIT extends RoomcastSuite {

    static final Settings SETTINGS = Settings.fromEnvironment();

    @Test
    void aFloodIsRateLimitedAndThenClosedWhileOthersChatOn() {
        String room = ChatProtocolIT.room();
        try (ChatClient flooder = ChatClient.connect(server, "flooder");
             ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob")) {
            alice.join(room);
            bob.join(room);
            // The test runtimes refill almost nothing, so exactly this message is the one that crosses the
            // threshold; sending no more keeps the close frame from racing a reset of the connection.
            int messages = SETTINGS.rateBurst() + SETTINGS.abuseThreshold();
            for (int i = 0; i < messages; i++) {
                flooder.send("{\"type\":\"ping\"}");
            }
            WsClient.Closed closed = flooder.socket().awaitClose();
            assertEquals(1008, closed.code(), closed.toString());
            flooder.collect("pong", SETTINGS.rateBurst()); // every message within the burst was answered
            JsonObject limited = flooder.expectError("rate_limited");
            assertTrue(limited.getJsonNumber("retryAfterMs").longValue() > 0, limited.toString());

            alice.post(room, "unaffected");
            assertEquals("unaffected", bob.expect("message").getString("text"));
        }
    }

    @Test
    void aRateLimitedSendNamesItsRoomAndClientIdSoThatItCanBeRetried() {
        String room = ChatProtocolIT.room();
        try (ChatClient sender = ChatClient.connect(server, "hasty")) {
            sender.join(room);
            for (int i = 1; i < SETTINGS.rateBurst(); i++) { // the join took one of the burst
                sender.send("{\"type\":\"ping\"}");
            }
            // The test runtimes refill one message a second: some of these five are over the limit.
            for (int i = 1; i <= 5; i++) {
                sender.post(room, "one too many", "late-" + i);
            }
            JsonObject limited = sender.collect("error", 1).get(0);
            assertEquals("rate_limited", limited.getString("code"), limited.toString());
            assertEquals(room, limited.getString("room"), limited.toString());
            assertTrue(limited.getString("clientId").startsWith("late-"), limited.toString());
            assertTrue(limited.getJsonNumber("retryAfterMs").longValue() > 0, limited.toString());
        }
    }

    @Test
    void aPeerThatNeverAnswersPingsIsClosed() throws Exception {
        try (RawWebSocket silent = RawWebSocket.open(server.ws("ws/chat?access_token=" + TestTokens.valid("silent")))) {
            assertEquals(101, silent.status());
            // The raw client reads frames but never answers the server's pings.
            int code = silent.awaitCloseCode();
            assertEquals(1001, code);
        }
    }

    @Test
    void everyRoomOfAConnectionCountsAgainstItsLimit() {
        try (ChatClient client = ChatClient.connect(server, "roamer")) {
            List<String> rooms = IntStream.range(0, 50).mapToObj(i -> ChatProtocolIT.room()).toList();
            rooms.forEach(client::join);
            client.send("{\"type\":\"join\",\"room\":\"one-too-many\"}");
            assertEquals("one-too-many", client.expectError("too_many_rooms").getString("room"));
            client.send("{\"type\":\"join\",\"room\":\"" + rooms.get(0) + "\"}");
            assertEquals("recent", client.expect("joined").getString("replay"), "rejoining a room of its own is fine");
        }
    }
}
