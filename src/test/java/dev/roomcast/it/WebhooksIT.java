package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.BackendReceiver;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RoomcastSuite;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The webhooks, received by a real HTTP receiver the test starts where the server under test sends
 * ({@code roomcast.webhook-url}): each event's body and signature, a receiver that is away for 10 s (every event
 * still arrives, once, in the room's order) and one that takes 2 s per request (the chat does not wait for it).
 */
class WebhooksIT extends RoomcastSuite {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    static String room() {
        return "hook-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void eachEventOfARoomArrivesSignedWithItsFieldsInOrder() throws Exception {
        String room = room();
        String alice = "hook-alice-" + UUID.randomUUID().toString().substring(0, 6);
        try (BackendReceiver receiver = BackendReceiver.start()) {
            String epoch;
            try (ChatClient first = ChatClient.connect(server, alice);
                 ChatClient bob = ChatClient.connect(server, "bob")) {
                epoch = first.join(room).getString("epoch");
                bob.join(room);
                first.post(room, "hello backend", "c-1");
                first.await("ack", Map.of("clientId", "c-1"));
                first.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
                first.expect("left");
                bob.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
                bob.await("left", Map.of("room", room));
                ApiClient.of(server).postJson("rooms/" + room + "/reset", null);
            }
            List<JsonObject> events = Eventually.await("the room's events", PATIENCE,
                    () -> receiver.distinctEventsOf(room), received -> received.size() >= 8);
            assertEquals(List.of("room_occupied", "member_joined " + alice, "member_joined bob",
                    "message_posted " + alice, "member_left " + alice, "member_left bob", "room_vacated", "room_reset"),
                    events.stream().map(event -> event.getString("type")
                            + (event.containsKey("user") ? " " + event.getString("user") : "")).toList());
            JsonObject posted = events.get(3);
            assertEquals("hello backend", posted.getString("text"));
            assertEquals("c-1", posted.getString("clientId"));
            assertEquals(1, posted.getInt("seq"));
            assertEquals(epoch, posted.getString("epoch"));
            for (JsonObject event : events) {
                assertFalse(event.getString("id").isBlank(), event.toString());
                assertFalse(event.getString("node").isBlank(), event.toString());
                assertTrue(Math.abs(System.currentTimeMillis() - event.getJsonNumber("time").longValue()) < 120_000,
                        event.toString());
                assertEquals(room, event.getString("room"));
                assertTrue(event.containsKey("epoch") && event.containsKey("seq"), event.toString());
            }
            List<String> userEvents = Eventually.await("the user's events", PATIENCE, () -> receiver.events().stream()
                    .filter(event -> alice.equals(event.getString("user", null)) && !event.containsKey("room"))
                    .map(event -> event.getString("type")).toList(), types -> types.size() >= 2);
            assertEquals(List.of("user_connected", "user_disconnected"), userEvents);
            assertEquals(List.of(), receiver.unsigned(), "requests whose signature did not verify");
        }
    }

    @Test
    void aMessageOfARoomWithoutMessageWebhooksIsNotSent() throws Exception {
        String room = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        try (BackendReceiver receiver = BackendReceiver.start();
             ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.join(room);
            alice.post(room, "not for the backend", "c-1");
            alice.await("ack", Map.of("clientId", "c-1"));
            alice.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
            alice.expect("left");
            List<JsonObject> events = Eventually.await("the room's events", PATIENCE, () -> receiver.eventsOf(room),
                    received -> received.stream().anyMatch(event -> event.getString("type").equals("room_vacated")));
            assertTrue(events.stream().noneMatch(event -> event.getString("type").equals("message_posted")),
                    events.toString());
        }
    }

    @Test
    void eventsOfAReceiverAwayFor10SecondsArriveOnceInOrderWhenItIsBack() throws Exception {
        String room = room();
        int port;
        try (BackendReceiver receiver = BackendReceiver.start()) {
            port = receiver.port();
        }
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.join(room);
            IntStream.rangeClosed(1, 20).forEach(i -> alice.post(room, "while away " + i, "c-" + i));
            alice.await("ack", Map.of("clientId", "c-20"));
            Eventually.pause(10_000);
            try (BackendReceiver back = BackendReceiver.start(port)) {
                List<JsonObject> posted = Eventually.await("the messages posted while away", PATIENCE,
                        () -> back.eventsOf(room).stream().filter(event -> event.getString("type").equals("message_posted"))
                                .toList(), received -> received.size() >= 20);
                assertEquals(IntStream.rangeClosed(1, 20).mapToObj(i -> "while away " + i).toList(),
                        posted.stream().map(event -> event.getString("text")).toList(), "in the room's order");
                assertEquals(IntStream.rangeClosed(1, 20).boxed().toList(),
                        posted.stream().map(event -> event.getInt("seq")).toList());
                List<JsonObject> all = back.eventsOf(room);
                assertEquals(all.size(), new HashSet<>(all.stream().map(event -> event.getString("id")).toList()).size(),
                        "no event twice: " + all);
                assertEquals(List.of(), back.unsigned());
            }
        }
    }

    /**
     * A receiver that takes 2 s per request holds its own queue, never a room: 50 round trips through the chat take
     * under 10 s together, where a chat that waited for each delivery would take 100 s. The chat is warmed first, so
     * that a freshly started runtime's first messages (class loading, JIT) are not what is measured.
     */
    @Test
    void aReceiverThatTakesTwoSecondsPerRequestDoesNotSlowTheChat() throws Exception {
        String room = room();
        try (BackendReceiver receiver = BackendReceiver.start();
             ChatClient alice = ChatClient.connect(server, "alice");
             ChatClient bob = ChatClient.connect(server, "bob")) {
            alice.join(room);
            bob.join(room);
            for (int i = 1; i <= 20; i++) {
                alice.post(room, "warm " + i, "w-" + i);
                bob.await("message", Map.of("text", "warm " + i));
            }
            receiver.delayWebhooks(2_000);
            long start = System.nanoTime();
            for (int i = 1; i <= 50; i++) {
                alice.post(room, "quick " + i, "q-" + i);
                bob.await("message", Map.of("text", "quick " + i));
            }
            long took = System.nanoTime() - start;
            receiver.delayWebhooks(0);
            assertTrue(took < Duration.ofSeconds(10).toNanos(),
                    "50 round trips took " + Duration.ofNanos(took).toMillis() + " ms");
        }
    }
}
