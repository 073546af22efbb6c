package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import dev.roomcast.config.Settings;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.TestTokens;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Presence: a user is one member however many tabs they have, and a quick reconnect does not flap. */
class ChatPresenceIT extends RoomcastSuite {

    static final Duration GRACE = Duration.ofMillis(Settings.fromEnvironment().presenceGraceMillis());

    @Test
    void twoTabsAreOneMemberUntilTheLastOneGoes() {
        String room = ChatProtocolIT.room();
        try (ChatClient watcher = ChatClient.connect(server, "watcher")) {
            watcher.join(room);
            ChatClient tab1 = ChatClient.connect(server, "alice");
            ChatClient tab2 = ChatClient.connect(server, "alice");
            assertEquals(List.of("watcher", "alice"), ChatClient.members(tab1.join(room)), "the list includes oneself");
            assertEquals(List.of("watcher", "alice"), ChatClient.members(tab2.join(room)));
            assertPresence(watcher.expect("presence"), "alice", "join");

            tab1.close();
            tab2.post(room, "still here");
            assertEquals("still here", watcher.expect("message").getString("text"),
                    "no leave for alice while her second tab is open");

            tab2.close();
            assertPresence(watcher.expect("presence"), "alice", "leave");
        }
    }

    @Test
    void aReconnectWithinTheGracePeriodDoesNotFlap() {
        String room = ChatProtocolIT.room();
        try (ChatClient watcher = ChatClient.connect(server, "watcher")) {
            watcher.join(room);
            ChatClient first = ChatClient.connect(server, "bob");
            first.join(room);
            assertPresence(watcher.expect("presence"), "bob", "join");

            first.socket().abort();
            try (ChatClient again = ChatClient.connect(server, "bob")) {
                assertEquals(List.of("watcher", "bob"), ChatClient.members(again.join(room)));
                Eventually.pause(GRACE.toMillis() * 2); // past the grace period, its timer must not fire
                again.post(room, "never left");
                assertEquals("never left", watcher.expect("message").getString("text"),
                        "no leave and no second join for bob");
            }
            assertPresence(watcher.await("presence", Map.of("user", "bob")), "bob", "leave");
        }
    }

    @Test
    void anExplicitLeaveIsAnnouncedAtOnce() {
        String room = ChatProtocolIT.room();
        try (ChatClient watcher = ChatClient.connect(server, "watcher");
             ChatClient carol = ChatClient.connect(server, "carol")) {
            watcher.join(room);
            carol.join(room);
            watcher.expect("presence");
            carol.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
            assertPresence(watcher.expect("presence"), "carol", "leave");
        }
    }

    private static void assertPresence(JsonObject presence, String user, String event) {
        assertEquals(user, presence.getString("user"), presence.toString());
        assertEquals(event, presence.getString("event"), presence.toString());
    }
    /**
     * The directory lists occupied rooms, the most populated first, counting users (not connections), and
     * leaves out what the token's rooms claim does not allow. Other tests' rooms may be listed too (a Redis
     * shared by the run), so this looks at its own.
     */
    @Test
    void theDirectoryListsOccupiedRoomsMostPopulatedFirst() {
        String quiet = "dir-" + ChatProtocolIT.room();
        String busy = "dir-" + ChatProtocolIT.room();
        try (ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob");
             ChatClient bobAgain = ChatClient.connect(server, "bob");
             ChatClient guest = ChatClient.connect(server, Map.of("Authorization", "Bearer " + TestTokens.sign(
                     TestTokens.claims("guest").claim("rooms", List.of(quiet)).build(), JWSAlgorithm.HS256)))) {
            alice.join(quiet);
            alice.join(busy);
            bob.join(busy);
            bobAgain.join(busy);

            alice.send("{\"type\":\"rooms\",\"limit\":100}");
            List<JsonObject> listed = alice.await("rooms", Map.of()).getJsonArray("rooms").getValuesAs(JsonObject.class);
            List<String> ours = listed.stream().map(room -> room.getString("room"))
                    .filter(room -> room.equals(quiet) || room.equals(busy)).toList();
            assertEquals(List.of(busy, quiet), ours, "the most populated first: " + listed);
            assertEquals(2, members(listed, busy), "users, not connections");
            assertEquals(1, members(listed, quiet));

            guest.send("{\"type\":\"rooms\"}");
            List<JsonObject> allowed = guest.expect("rooms").getJsonArray("rooms").getValuesAs(JsonObject.class);
            assertEquals(List.of(quiet), allowed.stream().map(room -> room.getString("room")).toList());

            alice.send("{\"type\":\"rooms\",\"limit\":1}");
            assertEquals(1, alice.await("rooms", Map.of()).getJsonArray("rooms").size());
            alice.send("{\"type\":\"rooms\",\"limit\":0}");
            alice.await("error", Map.of("code", "invalid_message"));
        }
    }

    private static int members(List<JsonObject> listed, String room) {
        return listed.stream().filter(entry -> entry.getString("room").equals(room)).findFirst()
                .orElseThrow().getInt("members");
    }
}
