package dev.roomcast.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.config.Settings;
import dev.roomcast.message.ClientMessage;
import dev.roomcast.message.JsonCodec;
import dev.roomcast.metrics.Meters;
import dev.roomcast.registry.Channel;
import dev.roomcast.registry.DirectWriter;
import dev.roomcast.registry.Outbox;
import dev.roomcast.registry.SessionRegistry;
import dev.roomcast.room.InMemoryRoomStore;
import dev.roomcast.room.RecordingMember;
import dev.roomcast.room.RoomStoreTesting;
import dev.roomcast.security.Identity;
import dev.roomcast.security.SecuritySettings;
import dev.roomcast.security.TokenVerifier;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.FakeSession;
import dev.roomcast.testing.RecordingBackend;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonObject;
import jakarta.validation.Validation;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat service with the registry and the single-node store it runs on, in the test's JVM, over sessions
 * without a container: what happens to a connection's rooms however it ends.
 */
class ChatServiceTest {

    private Scheduler scheduler;
    private Meters meters;
    private SessionRegistry registry;
    private InMemoryRoomStore rooms;
    private ChatService chat;
    private RecordingBackend backend;

    @BeforeEach
    void start() {
        Settings settings = Settings.from(Map.of("presence-grace-ms", "0")::get);
        scheduler = new Scheduler();
        meters = new Meters();
        meters.bindJvm();
        registry = new SessionRegistry(settings, noDirectWriters(), meters, scheduler);
        backend = new RecordingBackend();
        rooms = RoomStoreTesting.inMemory(settings, scheduler, backend);
        chat = new ChatService();
        chat.settings = settings;
        chat.rooms = rooms;
        chat.validator = Validation.buildDefaultValidatorFactory().getValidator();
        chat.scheduler = scheduler;
        chat.meters = meters;
        chat.connectedUsers = RoomStoreTesting.connectedUsers(backend);
        chat.proxies = backend;
        chat.tokens = new TokenVerifier(SecuritySettings.from(Map.<String, String>of()::get));
        chat.registerMeters();
    }

    @AfterEach
    void stop() {
        scheduler.stop();
        meters.close();
    }

    private ChatConnection connect(FakeSession client, String user) {
        Outbox outbox = registry.open(client.session(), Channel.CHAT, user);
        ChatConnection connection = chat.connect(outbox,
                new Identity(user, null, Instant.now().plusSeconds(3600), Set.of(), null));
        assertNotNull(connection);
        return connection;
    }

    private RecordingMember watch(String room) {
        RecordingMember watcher = new RecordingMember("watcher");
        rooms.join(room, watcher, null, null);
        watcher.next("joined");
        return watcher;
    }

    /** The sweep is the defence against dead peers: what it drops must leave its rooms like a close does. */
    @Test
    void aConnectionTheSweepDropsLeavesItsRooms() throws Exception {
        RecordingMember watcher = watch("swept");
        FakeSession client = new FakeSession();
        ChatConnection alice = connect(client, "alice");
        chat.receive(alice, new ClientMessage.Join("swept", null, null));
        assertEquals("join", watcher.await("presence").getString("event"));

        client.drop(); // gone, and the container never called @OnClose
        registry.sweep();

        JsonObject left = watcher.await("presence");
        assertEquals("leave", left.getString("event"));
        assertEquals("alice", left.getString("user"));
        assertEquals(List.of("watcher"), rooms.info("swept").toCompletableFuture().get().orElseThrow().members());
        assertEquals(0, registry.sessionsOf("alice"));
    }

    @Test
    void aClosedConnectionLeavesItsRoomsOnceHoweverOftenItIsReported() throws Exception {
        RecordingMember watcher = watch("closed");
        FakeSession client = new FakeSession();
        ChatConnection bob = connect(client, "bob");
        chat.receive(bob, new ClientMessage.Join("closed", null, null));
        watcher.await("presence");

        registry.remove(client.session()); // @OnClose
        registry.remove(client.session()); // @OnError after it, on some containers
        registry.sweep();

        assertEquals("leave", watcher.await("presence").getString("event"));
        rooms.post("closed", watcher, "barrier", null, null);
        assertEquals("barrier", watcher.next("message").getString("text"), "one leave, nothing more");
    }

    @Test
    void aConnectionKeepsTheRoomsItJoinedUntilItEnds() throws Exception {
        FakeSession client = new FakeSession();
        ChatConnection carol = connect(client, "carol");
        chat.receive(carol, new ClientMessage.Join("kept", null, null));
        Eventually.await("carol in the room", () -> members("kept"), members -> members.contains("carol"));
        registry.sweep(); // still open: nothing happens
        assertEquals(List.of("carol"), members("kept"));
        assertTrue(client.written().stream().anyMatch(text -> text.contains("\"type\":\"joined\"")));
        assertEquals("welcome", JsonCodec.parseObject(client.written().get(0)).getString("type"));
    }

    /** Two tabs of one user: the backend hears of the first connection and of the end of the last, once each. */
    @Test
    void aUsersFirstConnectionAndTheEndOfTheLastAreReportedOnce() {
        FakeSession first = new FakeSession();
        FakeSession second = new FakeSession();
        connect(first, "dora");
        connect(second, "dora");
        registry.remove(first.session());
        assertEquals(List.of(BackendEvent.USER_CONNECTED), userEvents("dora"), "the second tab and the first's end: nothing");
        registry.remove(second.session());
        assertEquals(List.of(BackendEvent.USER_CONNECTED, BackendEvent.USER_DISCONNECTED), userEvents("dora"));
    }

    private List<String> userEvents(String user) {
        return backend.events().stream().filter(event -> user.equals(event.user())).map(BackendEvent::type).toList();
    }

    private List<String> members(String room) {
        try {
            return rooms.info(room).toCompletableFuture().get().map(info -> info.members()).orElse(List.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Instance<DirectWriter.Source> noDirectWriters() {
        return (Instance<DirectWriter.Source>) Proxy.newProxyInstance(ChatServiceTest.class.getClassLoader(),
                new Class<?>[] {Instance.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isResolvable" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
