package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.roomcast.testing.BackendReceiver;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ClusterNode;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RedisServer;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one Redis, both sending webhooks to one receiver: a room-level event is written once for the whole
 * cluster, by the call to Redis that made the change, however many nodes the room's users are on, and each room's
 * events reach the receiver in the room's order, sent by one node.
 */
@Tag("standalone-only")
@Tag("own-servers")
class ClusterWebhooksIT {

    private static final int USERS = 20;

    @TempDir
    static Path folder;

    static RedisServer redis;
    static BackendReceiver receiver;
    static RunnerProcess a;
    static RunnerProcess b;

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServer.startInMemory(folder);
        receiver = BackendReceiver.start(0);
        Map<String, String> hooks = Map.of("ROOMCAST_WEBHOOK_URL", "http://127.0.0.1:" + receiver.port() + "/hooks",
                "ROOMCAST_WEBHOOK_MESSAGE_ROOMS", "hook-*");
        a = ClusterNode.start(folder, "a", redis.url(), hooks);
        b = ClusterNode.start(folder, "b", redis.url(), hooks);
    }

    @AfterAll
    static void stopCluster() {
        receiver.close();
        ClusterNode.stopAll(Arrays.asList(a, b), Arrays.asList(redis));
    }

    /** Each of 20 users is on both nodes (two tabs), joins, posts once and leaves on both. */
    @Test
    void everyRoomLevelEventArrivesExactlyOnceFromTheCluster() throws Exception {
        ServerUnderTest nodeA = new ServerUnderTest(a.awaitUrl());
        ServerUnderTest nodeB = new ServerUnderTest(b.awaitUrl());
        String room = WebhooksIT.room();
        List<ChatClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < USERS; i++) {
                for (ServerUnderTest node : List.of(nodeA, nodeB)) {
                    ChatClient client = ChatClient.connect(node, "user" + i);
                    client.join(room);
                    clients.add(client);
                }
            }
            for (int i = 0; i < USERS; i++) {
                ChatClient sender = clients.get(2 * i + i % 2);
                sender.post(room, "from user" + i, "c-" + i);
                sender.await("ack", Map.of("clientId", "c-" + i));
            }
            for (ChatClient client : clients) {
                client.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
                client.await("left", Map.of("room", room));
            }
        } finally {
            clients.forEach(ChatClient::close);
        }
        int expected = 1 + USERS + USERS + USERS + 1;
        List<JsonObject> events = Eventually.await("the room's events", Duration.ofSeconds(60),
                () -> receiver.eventsOf(room), received -> received.size() >= expected);
        Eventually.pause(2_000); // what would come twice has had time to come
        events = receiver.eventsOf(room);
        assertEquals(events.size(), events.stream().map(event -> event.getString("id")).distinct().count(),
                "no event arrives twice");
        Map<String, Long> byKind = events.stream().collect(Collectors.groupingBy(event -> event.getString("type"),
                TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("room_occupied", 1L, "member_joined", (long) USERS, "message_posted", (long) USERS,
                "member_left", (long) USERS, "room_vacated", 1L), byKind, "each change once for the cluster");
        assertEquals(USERS, events.stream().filter(event -> event.getString("type").equals("member_joined"))
                .map(event -> event.getString("user")).distinct().count(), "one member_joined per user");
        assertEquals("room_occupied", events.get(0).getString("type"));
        assertEquals(List.of(), receiver.unsigned());
    }

    /**
     * The receiver is away for 10 s while ten users, alternately on each node, join three rooms, post in each and
     * leave them. When it is back, every room's events arrive once each and in the room's order, though half of
     * each room's changes were made on the other node: replayed in arrival order, every event is possible (occupied
     * first, nobody joins twice or leaves without having joined, vacated last) and the messages come numbered
     * 1 to 10. Nodes that each retried their own events would deliver one node's share after the other's.
     */
    @Test
    void eachRoomsEventsArriveInTheRoomsOrderFromBothNodesAfterTheReceiverWasAway() throws Exception {
        List<ServerUnderTest> nodes = List.of(new ServerUnderTest(a.awaitUrl()), new ServerUnderTest(b.awaitUrl()));
        List<String> rooms = List.of(WebhooksIT.room(), WebhooksIT.room(), WebhooksIT.room());
        int users = 10;
        int port = receiver.port();
        receiver.close();
        long away = System.nanoTime();
        List<ChatClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < users; i++) {
                clients.add(ChatClient.connect(nodes.get(i % 2), "order" + i + rooms.get(0).substring(5)));
            }
            for (ChatClient client : clients) {
                for (String room : rooms) {
                    client.join(room);
                }
            }
            for (int i = 0; i < users; i++) {
                for (String room : rooms) {
                    clients.get(i).post(room, "message " + (i + 1), "c-" + i);
                    clients.get(i).await("ack", Map.of("room", room, "clientId", "c-" + i));
                }
            }
            for (ChatClient client : clients) {
                for (String room : rooms) {
                    client.send("{\"type\":\"leave\",\"room\":\"" + room + "\"}");
                    client.await("left", Map.of("room", room));
                }
            }
        } finally {
            clients.forEach(ChatClient::close);
            Eventually.pause(Math.max(0, 10_000 - Duration.ofNanos(System.nanoTime() - away).toMillis()));
            receiver = BackendReceiver.start(port);
        }
        int expected = 1 + users + users + users + 1;
        for (String room : rooms) {
            List<JsonObject> events = Eventually.await(room + "'s events", Duration.ofSeconds(60),
                    () -> receiver.eventsOf(room), received -> received.size() >= expected);
            assertEquals(expected, events.stream().map(event -> event.getString("id")).distinct().count(),
                    "each event once: " + types(events));
            assertPossibleInThisOrder(room, events);
        }
        Eventually.pause(2_000); // what would come twice has had time to come
        for (String room : rooms) {
            assertEquals(expected, receiver.eventsOf(room).size(), "no event of " + room + " twice");
        }
        assertEquals(List.of(), receiver.unsigned());
    }

    /** Replays a room's events in the order they arrived, failing at the first one that could not have come then. */
    private static void assertPossibleInThisOrder(String room, List<JsonObject> events) {
        Set<String> present = new HashSet<>();
        long lastSeq = 0;
        boolean occupied = false;
        for (JsonObject event : events) {
            String what = room + ": " + event.getString("type") + " " + event.getString("user", "") + " after "
                    + present + ", in " + types(events);
            switch (event.getString("type")) {
                case "room_occupied" -> {
                    assertTrue(!occupied && present.isEmpty(), what);
                    occupied = true;
                }
                case "member_joined" -> assertTrue(occupied && present.add(event.getString("user")), what);
                case "message_posted" -> {
                    assertEquals(lastSeq + 1, event.getJsonNumber("seq").longValue(), what);
                    lastSeq++;
                }
                case "member_left" -> assertTrue(present.remove(event.getString("user")), what);
                case "room_vacated" -> {
                    assertTrue(occupied && present.isEmpty(), what);
                    occupied = false;
                }
                default -> fail("an event no room has: " + what);
            }
        }
    }

    /**
     * One user with a tab on each node: connected once, when the first tab opens; disconnected once, when the
     * last one closes, whichever node it was on.
     */
    @Test
    void aUserOnTwoNodesIsConnectedAndDisconnectedOnceForTheCluster() throws Exception {
        ServerUnderTest nodeA = new ServerUnderTest(a.awaitUrl());
        ServerUnderTest nodeB = new ServerUnderTest(b.awaitUrl());
        String user = "tabs" + WebhooksIT.room().substring(5);
        ChatClient first = ChatClient.connect(nodeA, user);
        Eventually.await("user_connected", Duration.ofSeconds(20), () -> userEvents(user), List.of("user_connected")::equals);
        ChatClient second = ChatClient.connect(nodeB, user);
        first.close();
        ChatClient third = ChatClient.connect(nodeA, user);
        second.close();
        third.close();
        Eventually.await("user_disconnected", Duration.ofSeconds(20), () -> userEvents(user),
                events -> events.contains("user_disconnected"));
        Eventually.pause(2_000); // what would come twice has had time to come
        assertEquals(List.of("user_connected", "user_disconnected"), userEvents(user));
    }

    /**
     * A node crashes holding the only member of a room: no other node's call would sweep its lapsed presence, so
     * the nodes ask Redis for such rooms at every refresh, and one of them reports the member left, the room
     * vacated and the user disconnected, each once, after the presence TTL.
     */
    @Test
    void aCrashedNodesLastMemberLeavesItsRoomAndTheCluster() throws Exception {
        RunnerProcess doomed = ClusterNode.start(folder, "doomed", redis.url(), Map.of("ROOMCAST_WEBHOOK_URL",
                "http://127.0.0.1:" + receiver.port() + "/hooks"));
        String room = WebhooksIT.room();
        String user = "lone" + room.substring(5);
        try {
            ChatClient client = ChatClient.connect(new ServerUnderTest(doomed.awaitUrl()), user);
            client.join(room);
            Eventually.await("room_occupied", Duration.ofSeconds(20), () -> receiver.distinctEventsOf(room),
                    events -> events.size() >= 2);
            doomed.process().destroyForcibly().waitFor();
        } finally {
            doomed.close();
        }
        List<String> expected = List.of("room_occupied", "member_joined", "member_left", "room_vacated");
        Eventually.await("the lone member's departure", Duration.ofSeconds(30), () -> types(receiver.distinctEventsOf(room)),
                expected::equals);
        Eventually.await("the lone user's disconnection", Duration.ofSeconds(30), () -> userEvents(user),
                List.of("user_connected", "user_disconnected")::equals);
        Eventually.pause(2_000); // what would come twice has had time to come
        assertEquals(expected, types(receiver.eventsOf(room)), "each once");
        assertEquals(List.of("user_connected", "user_disconnected"), userEvents(user));
    }

    private static List<String> types(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("type")).toList();
    }

    private static List<String> userEvents(String user) {
        return receiver.events().stream().filter(event -> user.equals(event.getString("user", null)))
                .filter(event -> event.getString("type").startsWith("user_"))
                .map(event -> event.getString("type")).toList();
    }
}
