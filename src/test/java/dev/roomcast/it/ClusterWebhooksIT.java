package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one Redis, both sending webhooks to one receiver: a room-level event is sent once for the whole
 * cluster, by the node whose call to Redis made the change, however many nodes the room's users are on.
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
