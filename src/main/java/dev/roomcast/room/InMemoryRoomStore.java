package dev.roomcast.room;

import dev.roomcast.config.Settings;
import dev.roomcast.message.ErrorCode;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.message.ServerMessage;
import dev.roomcast.registry.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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
    public void post(String room, Member member, String text, String clientId) {
        Room target = rooms.get(room);
        if (target == null) {
            member.deliver(notJoined(room, clientId)); // a post never creates a room
            return;
        }
        target.serial.execute(() -> target.post(member, text, clientId));
    }

    @Override
    public void history(String room, Member member, Long before, int limit) {
        Room target = rooms.get(room);
        if (target == null) {
            member.deliver(notJoined(room, null));
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

    private String notJoined(String room, String clientId) {
        return encoder.encode(new ServerMessage.Error(
                ErrorCode.NOT_JOINED.wire(), "join the room before sending to it", room, clientId, null));
    }

    private Room room(String name) {
        return rooms.computeIfAbsent(name, Room::new);
    }

    /** One posted message as kept in history: the message, its wire form, and its idempotence key. */
    private record Entry(ServerMessage.Posted message, String json, String clientKey) {

        long seq() {
            return message.seq();
        }
    }

    /** A room's state; touched only from inside {@link #serial}. */
    private final class Room {

        final SerialExecutor serial = new SerialExecutor();
        final String name;
        final String epoch = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        final ArrayDeque<Entry> history = new ArrayDeque<>();
        final Map<String, Long> seqByClientKey = new HashMap<>();
        final Map<String, Member> members = new LinkedHashMap<>();
        final LocalPresence presence =
                new LocalPresence(Duration.ofMillis(settings.presenceGraceMillis()), scheduler, serial);
        long seq;
        long usedAt = System.nanoTime();
        /** The users present, for the directory, which reads it from other threads. */
        volatile int present;
        /** Removed from {@link #rooms}; a join that still reaches it goes to the room's successor. */
        boolean forgotten;

        Room(String name) {
            this.name = name;
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
                announce(member.user(), "join", member);
            }
            present = presence.users().size();
            List<Entry> replay;
            String mode;
            String reason = null;
            long oldestKept = history.isEmpty() ? seq + 1 : history.peekFirst().seq();
            if (since == null) {
                mode = "recent";
                replay = recent();
            } else if (!epoch.equals(clientEpoch)) {
                mode = "reset";
                reason = "epoch_changed";
                replay = recent();
            } else if (since > seq) {
                mode = "reset";
                reason = "ahead_of_server";
                replay = recent();
            } else if (since + 1 < oldestKept) {
                mode = "reset";
                reason = "history_gap";
                replay = recent();
            } else {
                mode = "resume";
                replay = history.stream().filter(entry -> entry.seq() > since).toList();
            }
            member.deliver(encoder.encode(new ServerMessage.Joined(
                    name, epoch, seq, List.copyOf(presence.users()), mode, reason)));
            member.deliverAll(replay.stream().map(Entry::json).toList());
        }

        void leave(Member member, boolean disconnected) {
            usedAt = System.nanoTime();
            if (members.remove(member.id()) != null) {
                presence.leave(member.user(), disconnected, user -> {
                    announce(user, "leave", null);
                    present = presence.users().size();
                });
            }
        }

        void post(Member sender, String text, String clientId) {
            if (!members.containsKey(sender.id())) {
                sender.deliver(notJoined(name, clientId));
                return;
            }
            String clientKey = clientId == null ? null : sender.user() + '\u0000' + clientId;
            Long earlier = clientKey == null ? null : seqByClientKey.get(clientKey);
            if (earlier != null) {
                sender.deliver(encoder.encode(new ServerMessage.Ack(name, clientId, earlier, true)));
                return;
            }
            seq++;
            usedAt = System.nanoTime();
            ServerMessage.Posted message =
                    new ServerMessage.Posted(name, epoch, seq, sender.user(), text, Instant.now(), clientId);
            String json = encoder.encode(message);
            remember(new Entry(message, json, clientKey));
            for (Member member : members.values()) {
                member.deliver(json);
            }
            if (clientId != null) {
                sender.deliver(encoder.encode(new ServerMessage.Ack(name, clientId, seq, false)));
            }
        }

        void history(Member member, Long before, int limit) {
            if (!members.containsKey(member.id())) {
                member.deliver(notJoined(name, null));
                return;
            }
            List<Entry> older = history.stream().filter(entry -> before == null || entry.seq() < before).toList();
            List<ServerMessage.Posted> page = older.subList(Math.max(0, older.size() - limit), older.size()).stream()
                    .map(Entry::message).toList();
            member.deliver(encoder.encode(new ServerMessage.History(name, epoch, page, older.size() <= limit)));
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
