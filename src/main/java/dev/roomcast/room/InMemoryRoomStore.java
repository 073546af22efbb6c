package dev.roomcast.room;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.backend.BackendEvents;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.concurrent.SerialExecutor;
import dev.roomcast.config.Settings;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.message.ServerMessage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The single-node {@link RoomStore}: every room is a small state machine driven through its own
 * {@link SerialExecutor}, so sequence numbers, history, membership and fan-out of one room happen in one
 * order without locks, while different rooms proceed in parallel. A message is encoded once and the same
 * text goes to every member and into history.
 *
 * <p>History lives in memory only: when the process restarts, every room gets a new epoch, which tells
 * resuming clients that the old sequence numbers mean nothing any more. A room with no members, nobody
 * within a presence grace period, and nothing happening for {@code room-idle-seconds} is forgotten, so that
 * a server that runs for months does not keep every room ever used; its next use starts a new epoch.
 */
@ApplicationScoped
@Typed(InMemoryRoomStore.class) // injected as a RoomStore only when no broker is configured
public class InMemoryRoomStore implements RoomStore {

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final JsonEncoder encoder = new JsonEncoder();

    @Inject
    Settings settings;

    @Inject
    Scheduler scheduler;

    @Inject
    BackendEvents events;

    @PostConstruct
    void forgetIdleRooms() {
        long idleMillis = settings.roomIdleSeconds() * 1000L;
        // Checked twice per idle period (at most every minute), so a room goes between one and 1.5 periods idle.
        scheduler.every(Duration.ofMillis(Math.min(idleMillis / 2, 60_000)), () -> {
            long now = System.nanoTime();
            rooms.values().forEach(room -> room.serial.execute(() -> room.forgetIfIdle(now, idleMillis)));
        });
    }

    @Override
    public int size() {
        return rooms.size();
    }

    @Override
    public void join(String room, Member member, Long since, String epoch) {
        Room target = room(room);
        target.serial.execute(() -> target.join(member, since, epoch));
    }

    @Override
    public void leave(String room, Member member, boolean disconnected) {
        Room target = rooms.get(room);
        if (target != null) {
            target.serial.execute(() -> target.leave(member, disconnected));
        }
    }

    @Override
    public void post(String room, Member member, String text, String clientId, JsonObject data) {
        Room target = rooms.get(room);
        if (target == null) {
            member.deliver(Replay.notJoined(room, clientId)); // a post never creates a room
            return;
        }
        target.serial.execute(() -> target.post(member, text, clientId, data));
    }

    @Override
    public void history(String room, Member member, Long before, int limit) {
        Room target = rooms.get(room);
        if (target == null) {
            member.deliver(Replay.notJoined(room, null));
            return;
        }
        target.serial.execute(() -> target.history(member, before, limit));
    }

    @Override
    public void directory(Member member, Predicate<String> visible, int limit) {
        List<ServerMessage.RoomSummary> listed = rooms.values().stream()
                .filter(room -> room.present > 0 && visible.test(room.name))
                .map(room -> new ServerMessage.RoomSummary(room.name, room.present))
                .sorted(ServerMessage.RoomSummary.DIRECTORY_ORDER)
                .limit(limit)
                .toList();
        member.deliver(encoder.encode(new ServerMessage.Rooms(listed)));
    }

    @Override
    public CompletionStage<Published> publish(String room, String app, String text, String key) {
        return inRoom(room, true, target -> target.publish(app, text, key));
    }

    @Override
    public CompletionStage<Optional<RoomInfo>> info(String room) {
        return inRoom(room, false, Room::info).thenApply(Optional::ofNullable);
    }

    @Override
    public CompletionStage<List<ServerMessage.RoomSummary>> list(String after, String search, int limit) {
        return CompletableFuture.completedFuture(RoomStore.page(rooms.values().stream().filter(room -> room.present > 0)
                .map(room -> new ServerMessage.RoomSummary(room.name, room.present)), after, search, limit));
    }

    @Override
    public CompletionStage<Optional<Page>> messages(String room, Long before, Long after, int limit) {
        return inRoom(room, false, target -> target.page(before, after, limit)).thenApply(Optional::ofNullable);
    }

    @Override
    public CompletionStage<Optional<RoomInfo>> reset(String room) {
        return inRoom(room, false, Room::reset).thenApply(Optional::ofNullable);
    }

    /**
     * {@code step}'s answer, computed in the room's order: in a room made for it when {@code create}, else null
     * when the room is not known.
     */
    private <T> CompletableFuture<T> inRoom(String name, boolean create, Function<Room, T> step) {
        Room target = create ? room(name) : rooms.get(name);
        if (target == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        target.serial.execute(() -> {
            if (target.forgotten) {
                inRoom(name, create, step).whenComplete((value, failure) -> {
                    if (failure != null) {
                        answer.completeExceptionally(failure);
                    } else {
                        answer.complete(value);
                    }
                });
                return;
            }
            try {
                answer.complete(step.apply(target));
            } catch (RuntimeException failed) {
                answer.completeExceptionally(failed); // a fault of ours, which the caller reports; never left waiting
            }
        });
        return answer;
    }

    private Room room(String name) {
        return rooms.computeIfAbsent(name, Room::new);
    }

    /** The idempotence key of a client's message: its user's, so that users cannot collide. */
    private static String clientKey(String user, String clientId) {
        return clientId == null ? null : user + '\u0000' + clientId;
    }

    /** The idempotence key of the application's message; a user name is never empty, so it cannot collide. */
    private static String appKey(String key) {
        return key == null ? null : '\u0000' + key;
    }

    /** One posted message as kept in history: the message, its wire form, and its idempotence key. */
    private record Entry(ServerMessage.Posted message, String json, String clientKey) {

        long seq() {
            return message.seq();
        }
    }

    /** A room's state; touched only from inside {@link #serial}. */
    private final class Room {

        final SerialExecutor serial;
        final String name;
        String epoch = Replay.newEpoch();
        final ArrayDeque<Entry> history = new ArrayDeque<>();
        final Map<String, Long> seqByClientKey = new HashMap<>();
        final Map<String, Member> members = new LinkedHashMap<>();
        final LocalPresence presence;
        long seq;
        long usedAt = System.nanoTime();
        /** The users present, for the directory, which reads it from other threads. */
        volatile int present;
        /** Removed from {@link #rooms}; a join that still reaches it goes to the room's successor. */
        boolean forgotten;

        Room(String name) {
            this.name = name;
            this.serial = new SerialExecutor();
            this.presence = new LocalPresence(Duration.ofMillis(settings.presenceGraceMillis()), scheduler, serial);
        }

        void forgetIfIdle(long now, long idleMillis) {
            if (!forgotten && members.isEmpty() && presence.users().isEmpty()
                    && now - usedAt >= idleMillis * 1_000_000) {
                forgotten = true;
                rooms.remove(name, this);
            }
        }

        void join(Member member, Long since, String clientEpoch) {
            if (forgotten) {
                InMemoryRoomStore.this.join(name, member, since, clientEpoch);
                return;
            }
            usedAt = System.nanoTime();
            boolean rejoin = members.put(member.id(), member) != null;
            if (!rejoin && presence.arrive(member.user())) {
                if (presence.users().size() == 1) {
                    events.report(BackendEvent.ofRoom(BackendEvent.ROOM_OCCUPIED, name, epoch, seq, null));
                }
                events.report(BackendEvent.ofRoom(BackendEvent.MEMBER_JOINED, name, epoch, seq, member.user()));
                announce(member.user(), "join", member);
            }
            present = presence.users().size();
            Replay answer = Replay.of(since, clientEpoch, epoch, seq);
            long oldestKept = history.isEmpty() ? seq + 1 : history.peekFirst().seq();
            if (answer == Replay.RESUME && since + 1 < oldestKept) {
                answer = Replay.HISTORY_GAP;
            }
            List<Entry> replay = answer == Replay.RESUME
                    ? history.stream().filter(entry -> entry.seq() > since).toList() : recent();
            member.deliver(encoder.encode(new ServerMessage.Joined(
                    name, epoch, seq, List.copyOf(presence.users()), answer.mode, answer.reason)));
            member.deliverAll(replay.stream().map(Entry::json).toList());
        }

        void leave(Member member, boolean disconnected) {
            usedAt = System.nanoTime();
            if (members.remove(member.id()) != null) {
                presence.leave(member.user(), disconnected, user -> {
                    announce(user, "leave", null);
                    present = presence.users().size();
                    events.report(BackendEvent.ofRoom(BackendEvent.MEMBER_LEFT, name, epoch, seq, user));
                    if (present == 0) {
                        events.report(BackendEvent.ofRoom(BackendEvent.ROOM_VACATED, name, epoch, seq, null));
                    }
                });
            }
        }

        void post(Member sender, String text, String clientId, JsonObject data) {
            if (!members.containsKey(sender.id())) {
                sender.deliver(Replay.notJoined(name, clientId));
                return;
            }
            Long earlier = seqByClientKey.get(clientKey(sender.user(), clientId));
            if (earlier != null) {
                sender.deliver(encoder.encode(new ServerMessage.Ack(name, clientId, earlier, true)));
                return;
            }
            long at = append(sender.user(), null, text, clientId, clientKey(sender.user(), clientId), data);
            if (clientId != null) {
                sender.deliver(encoder.encode(new ServerMessage.Ack(name, clientId, at, false)));
            }
        }

        Published publish(String app, String text, String key) {
            Long earlier = seqByClientKey.get(appKey(key));
            if (earlier != null) {
                return new Published(name, epoch, earlier, true);
            }
            return new Published(name, epoch, append(null, app, text, null, appKey(key), null), false);
        }

        /** Numbers a message, keeps it, and delivers it to every member; returns its number. */
        private long append(String user, String app, String text, String clientId, String key, JsonObject data) {
            seq++;
            usedAt = System.nanoTime();
            ServerMessage.Posted message =
                    new ServerMessage.Posted(name, epoch, seq, user, app, text, data, Instant.now(), clientId);
            String json = encoder.encode(message);
            remember(new Entry(message, json, key));
            for (Member member : members.values()) {
                member.deliver(json);
            }
            if (events.reportsMessages(name)) {
                events.report(BackendEvent.posted(name, epoch, seq, user, app, text, clientId, data));
            }
            return seq;
        }

        RoomInfo info() {
            return new RoomInfo(name, epoch, seq, List.copyOf(presence.users()));
        }

        Page page(Long before, Long after, int limit) {
            if (after != null) {
                List<ServerMessage.Posted> newer = history.stream().filter(entry -> entry.seq() > after)
                        .limit(limit + 1L).map(Entry::message).toList();
                return new Page(name, epoch, newer.subList(0, Math.min(limit, newer.size())), newer.size() > limit);
            }
            List<Entry> older = history.stream().filter(entry -> before == null || entry.seq() < before).toList();
            List<ServerMessage.Posted> page = older.subList(Math.max(0, older.size() - limit), older.size()).stream()
                    .map(Entry::message).toList();
            return new Page(name, epoch, page, older.size() > limit);
        }

        RoomInfo reset() {
            epoch = Replay.newEpoch();
            seq = 0;
            history.clear();
            seqByClientKey.clear();
            usedAt = System.nanoTime();
            String joined = encoder.encode(new ServerMessage.Joined(
                    name, epoch, seq, List.copyOf(presence.users()), Replay.RESET.mode, Replay.RESET.reason));
            members.values().forEach(member -> member.deliver(joined));
            events.report(BackendEvent.ofRoom(BackendEvent.ROOM_RESET, name, epoch, seq, null));
            return info();
        }

        void history(Member member, Long before, int limit) {
            if (!members.containsKey(member.id())) {
                member.deliver(Replay.notJoined(name, null));
                return;
            }
            Page page = page(before, null, limit);
            member.deliver(encoder.encode(new ServerMessage.History(name, epoch, page.messages(), !page.more())));
        }

        private void remember(Entry entry) {
            history.addLast(entry);
            if (entry.clientKey() != null) {
                seqByClientKey.put(entry.clientKey(), entry.seq());
            }
            while (history.size() > settings.historySize()) {
                Entry dropped = history.removeFirst();
                if (dropped.clientKey() != null) {
                    seqByClientKey.remove(dropped.clientKey());
                }
            }
        }

        private List<Entry> recent() {
            int skip = Math.max(0, history.size() - settings.joinHistory());
            return history.stream().skip(skip).toList();
        }

        private void announce(String user, String event, Member except) {
            String json = encoder.encode(new ServerMessage.Presence(name, user, event));
            for (Member member : members.values()) {
                if (member != except) {
                    member.deliver(json);
                }
            }
        }
    }
}
