package dev.roomcast.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.config.RoomPatterns;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RecordingBackend;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RoomStore} promises, whoever implements it: the single node's {@link InMemoryRoomStore}
 * ({@code InMemoryRoomStoreTest}) and the clustered store on a real Redis ({@code RedisRoomStoreContractIT}). Each
 * test uses rooms of its own. The stores run with a presence grace of 0 and a history of {@link #HISTORY}.
 */
public abstract class RoomStoreContract {

    /** The history each store under test keeps. */
    protected static final int HISTORY = 20;
    /** The messages a fresh join replays. */
    protected static final int JOIN_HISTORY = 5;

    private static final AtomicInteger ROOMS = new AtomicInteger();

    /** The store under test. */
    protected abstract RoomStore store();

    /** Where the store under test reports its events; it reports the messages of rooms named {@code posted-*}. */
    protected abstract RecordingBackend backend();

    /** The room patterns whose messages the store under test reports. */
    protected static final RoomPatterns REPORTED = RoomPatterns.of(List.of("posted-*"));

    private static String room() {
        return "contract-" + System.nanoTime() + "-" + ROOMS.incrementAndGet();
    }

    private static <T> T answer(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private JsonObject join(String room, RecordingMember member) {
        store().join(room, member, null, null);
        return member.next("joined");
    }

    /**
     * The backend hears each change of a room once, in order: occupied, then each user's arrival (a second tab is not
     * one), the messages (in a room whose messages it asked for), each user's departure, and vacated.
     */
    @Test
    void eachChangeOfARoomIsReportedOnceInOrder() {
        String room = "posted-" + room();
        RecordingMember alice = new RecordingMember("alice");
        RecordingMember aliceAgain = new RecordingMember("alice");
        RecordingMember bob = new RecordingMember("bob");
        join(room, alice);
        join(room, aliceAgain);
        join(room, bob);
        store().post(room, alice, "hello", "c-1", null);
        bob.await("message");
        store().leave(room, alice, false);
        store().leave(room, aliceAgain, false);
        store().leave(room, bob, false);
        List<String> expected = List.of("room_occupied", "member_joined alice", "member_joined bob",
                "message_posted alice hello 1", "member_left alice", "member_left bob", "room_vacated");
        assertEquals(expected, Eventually.await("the room's events", () -> eventsOf(room),
                events -> events.size() >= expected.size()));
        assertEquals(expected.size(), backend().events().stream().filter(event -> room.equals(event.room()))
                .map(BackendEvent::id).distinct().count(), "every event has an id of its own");
    }

    @Test
    void theMessagesOfARoomTheBackendDidNotAskForAreNotReported() {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        join(room, alice);
        store().post(room, alice, "unreported", "c-1", null);
        alice.await("ack");
        store().leave(room, alice, false);
        assertEquals(List.of("room_occupied", "member_joined alice", "member_left alice", "room_vacated"),
                Eventually.await("the room's events", () -> eventsOf(room), events -> events.contains("room_vacated")));
    }

    private List<String> eventsOf(String room) {
        return backend().events().stream().filter(event -> room.equals(event.room()))
                .map(event -> event.type() + (event.user() == null ? "" : " " + event.user())
                        + (event.text() == null ? "" : " " + event.text() + " " + event.seq()))
                .toList();
    }

    @Test
    void aJoinIsAnsweredFirstWithTheRoomsStateAndItsMembers() {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        JsonObject joined = join(room, alice);
        assertEquals(room, joined.getString("room"));
        assertEquals(0, joined.getInt("seq"));
        assertEquals("recent", joined.getString("replay"));
        assertEquals(List.of("alice"), users(joined));
        assertFalse(joined.getString("epoch").isEmpty());
    }

    @Test
    void postsAreNumberedDeliveredToEveryMemberInOrderAndAcknowledgedOnce() {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        RecordingMember bob = new RecordingMember("bob");
        join(room, alice);
        join(room, bob);
        alice.await("presence");
        for (int i = 1; i <= 10; i++) {
            store().post(room, alice, "text " + i, "c-" + i, null);
        }
        for (int i = 1; i <= 10; i++) {
            JsonObject seen = bob.next("message");
            assertEquals(i, seen.getInt("seq"));
            assertEquals("text " + i, seen.getString("text"));
            assertEquals("alice", seen.getString("user"));
        }
        // The sender gets its own messages in order, and each ack after its message (not necessarily before the
        // next message: a store may have the next post on its way before the first is answered).
        long seen = 0;
        int acked = 0;
        while (seen < 10 || acked < 10) {
            JsonObject next = alice.next();
            if (next.getString("type").equals("message")) {
                assertEquals(++seen, next.getInt("seq"), "the sender gets its own messages, in order");
            } else {
                assertEquals("ack", next.getString("type"), next.toString());
                acked++;
                assertEquals("c-" + acked, next.getString("clientId"), "acks in the order of the posts");
                assertEquals(acked, next.getInt("seq"));
                assertTrue(acked <= seen, "an ack after its message: " + next);
                assertFalse(next.getBoolean("duplicate"));
            }
        }
    }

    @Test
    void aResentClientIdIsAcknowledgedAsADuplicateAndNotPostedAgain() {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        RecordingMember bob = new RecordingMember("bob");
        join(room, alice);
        join(room, bob);
        alice.await("presence");
        store().post(room, alice, "once", "same", null);
        alice.next("message");
        alice.next("ack");
        store().post(room, alice, "once", "same", null);
        JsonObject again = alice.next("ack");
        assertTrue(again.getBoolean("duplicate"));
        assertEquals(1, again.getInt("seq"));
        store().post(room, alice, "after", "other", null);
        assertEquals(1, bob.next("message").getInt("seq"));
        assertEquals("after", bob.next("message").getString("text"), "nothing between the two: no second 'once'");
    }

    @Test
    void aResumeReplaysExactlyWhatCameAfterItsNumber() {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        String epoch = join(room, alice).getString("epoch");
        IntStream.rangeClosed(1, 8).forEach(i -> store().post(room, alice, "m" + i, null, null));
        for (int i = 1; i <= 8; i++) {
            alice.next("message");
        }
        RecordingMember back = new RecordingMember("alice");
        store().join(room, back, 5L, epoch);
        JsonObject joined = back.next("joined");
        assertEquals("resume", joined.getString("replay"));
        assertEquals(8, joined.getInt("seq"));
        assertEquals(List.of(6, 7, 8), List.of(back.next("message").getInt("seq"), back.next("message").getInt("seq"),
                back.next("message").getInt("seq")));
    }

    @Test
    void aResumeThatCannotBeHonouredSaysWhyAndReplaysTheRecentOnes() {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        String epoch = join(room, alice).getString("epoch");
        IntStream.rangeClosed(1, HISTORY + 5).forEach(i -> store().post(room, alice, "m" + i, null, null));
        for (int i = 1; i <= HISTORY + 5; i++) {
            alice.next("message");
        }
        assertEquals("epoch_changed", resume(room, 3L, "another-epoch").getString("reason"));
        assertEquals("ahead_of_server", resume(room, 99L, epoch).getString("reason"));
        assertEquals("history_gap", resume(room, 1L, epoch).getString("reason"));
    }

    private JsonObject resume(String room, long since, String epoch) {
        RecordingMember member = new RecordingMember("carol");
        store().join(room, member, since, epoch);
        JsonObject joined = member.next("joined");
        assertEquals("reset", joined.getString("replay"));
        for (int i = 0; i < JOIN_HISTORY; i++) {
            member.next("message"); // the recent ones
        }
        return joined;
    }

    @Test
    void aPostOrHistoryRequestFromOutsideTheRoomGetsNotJoined() {
        String room = room();
        join(room, new RecordingMember("alice"));
        RecordingMember stranger = new RecordingMember("stranger");
        store().post(room, stranger, "hello?", "c-1", null);
        JsonObject refused = stranger.next("error");
        assertEquals("not_joined", refused.getString("code"));
        assertEquals("c-1", refused.getString("clientId"));
        store().history(room, stranger, null, 10);
        assertEquals("not_joined", stranger.next("error").getString("code"));
        store().post("never-used-" + room, stranger, "hello?", null, null);
        assertEquals("not_joined", stranger.next("error").getString("code"), "a post never creates a room");
    }

    @Test
    void historyPagesGoBackFromTheLatest() {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        join(room, alice);
        IntStream.rangeClosed(1, 12).forEach(i -> store().post(room, alice, "m" + i, null, null));
        for (int i = 1; i <= 12; i++) {
            alice.next("message");
        }
        store().history(room, alice, 10L, 4);
        JsonObject page = alice.next("history");
        assertEquals(List.of(6, 7, 8, 9), page.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(message -> message.getInt("seq")).toList());
        assertFalse(page.getBoolean("complete"));
    }

    @Test
    void aLeaveEndsPresenceAtOnceForTheOthers() {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        RecordingMember bob = new RecordingMember("bob");
        join(room, alice);
        join(room, bob);
        JsonObject arrived = alice.await("presence");
        assertEquals("join", arrived.getString("event"));
        assertEquals("bob", arrived.getString("user"));
        store().leave(room, bob, false);
        JsonObject gone = alice.await("presence");
        assertEquals("leave", gone.getString("event"));
        assertEquals("bob", gone.getString("user"));
    }

    @Test
    void twoConnectionsOfOneUserAreOnePresence() throws Exception {
        String room = room();
        RecordingMember watcher = new RecordingMember("watcher");
        join(room, watcher);
        RecordingMember tab1 = new RecordingMember("dana");
        RecordingMember tab2 = new RecordingMember("dana");
        join(room, tab1);
        assertEquals("join", watcher.await("presence").getString("event"));
        join(room, tab2);
        store().leave(room, tab1, false);
        store().post(room, watcher, "barrier", null, null);
        assertEquals("barrier", watcher.next("message").getString("text"), "no leave while a tab is still there");
        assertEquals(Set.of("watcher", "dana"), Set.copyOf(answer(store().info(room)).orElseThrow().members()));
    }

    @Test
    void theApplicationsPublishIsNumberedDeliveredAndIdempotent() throws Exception {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        join(room, alice);
        RoomStore.Published first = answer(store().publish(room, "Billing", "paid", "invoice-1"));
        assertEquals(1, first.seq());
        assertFalse(first.duplicate());
        JsonObject seen = alice.next("message");
        assertEquals("Billing", seen.getString("app"));
        assertFalse(seen.containsKey("user"));
        RoomStore.Published again = answer(store().publish(room, "Billing", "paid", "invoice-1"));
        assertTrue(again.duplicate());
        assertEquals(1, again.seq());
        assertEquals(first.epoch(), again.epoch());
    }

    @Test
    void infoAndMessagesAnswerForKnownRoomsAndAreEmptyForOthers() throws Exception {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        join(room, alice);
        store().post(room, alice, "one", null, null);
        store().post(room, alice, "two", null, null);
        alice.next("message");
        alice.next("message");
        RoomStore.RoomInfo info = answer(store().info(room)).orElseThrow();
        assertEquals(2, info.seq());
        assertEquals(List.of("alice"), info.members());
        RoomStore.Page page = answer(store().messages(room, null, 0L, 10)).orElseThrow();
        assertEquals(List.of("one", "two"), page.messages().stream().map(message -> message.text()).toList());
        assertEquals(Optional.empty(), answer(store().info("unknown-" + room)));
        assertEquals(Optional.empty(), answer(store().messages("unknown-" + room, null, null, 10)));
    }

    @Test
    void aResetStartsANewEpochAndTellsTheMembers() throws Exception {
        String room = room();
        RecordingMember alice = new RecordingMember("alice");
        String epoch = join(room, alice).getString("epoch");
        store().post(room, alice, "before", null, null);
        alice.next("message");
        RoomStore.RoomInfo reset = answer(store().reset(room)).orElseThrow();
        assertNotEquals(epoch, reset.epoch());
        assertEquals(0, reset.seq());
        JsonObject told = alice.await("joined");
        assertEquals("reset", told.getString("replay"));
        assertEquals("reset", told.getString("reason"));
        assertEquals(reset.epoch(), told.getString("epoch"));
        store().post(room, alice, "after", null, null);
        assertEquals(1, alice.next("message").getInt("seq"));
    }

    private static List<String> users(JsonObject joined) {
        return joined.getJsonArray("members").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
