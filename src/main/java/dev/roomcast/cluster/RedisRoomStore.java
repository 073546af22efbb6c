package dev.roomcast.cluster;

import dev.roomcast.backend.BackendEvents;
import dev.roomcast.backend.Node;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.concurrent.SerialExecutor;
import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import dev.roomcast.message.ErrorCode;
import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonCodec;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.message.ServerMessage;
import dev.roomcast.metrics.Meters;
import dev.roomcast.room.BrokerUnavailableException;
import dev.roomcast.room.LocalPresence;
import dev.roomcast.room.Member;
import dev.roomcast.room.Replay;
import dev.roomcast.room.RoomStore;
import io.lettuce.core.StreamMessage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.BiFunction;

/**
 * The clustered {@link RoomStore}: Redis holds each room's epoch, sequence numbers, history (a stream of
 * bounded length), idempotence keys and presence; every node subscribes to the rooms its members are in.
 *
 * <p>A post is one Lua script: it numbers the message, appends it to the room's log and publishes it, so the
 * order on the channel is the order of the numbers. Each node keeps, per room, the last number it delivered:
 * it drops what it has already delivered and fetches from the log whatever it finds missing (a message
 * lost while it was cut off from Redis), so members get every message once, in order. A node checks that
 * number against Redis at every presence refresh and after every reconnect, so a gap is closed even when no
 * further message arrives to reveal it.
 *
 * <p>Per room, a node's state lives in a {@link SerialExecutor}, like the single-node store's; a step that
 * waits for Redis holds the room's later events back without holding a thread.
 */
@ApplicationScoped
@Typed(RedisRoomStore.class)
public class RedisRoomStore implements RoomStore, RedisBroker.Listener {

    private static final System.Logger LOG = System.getLogger(RedisRoomStore.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** A sender's posts that may wait for Redis on this node at once, at the least; a larger rate burst raises it. */
    static final int MIN_WAITING_POSTS = 64;
    /** How soon a client may retry a send that Redis did not take. */
    private static final long RETRY_AFTER_MS = 1000;
    private static final String FELL_BEHIND = "this node fell behind the room's history";
    /** A failover to a replica that had not received the room's latest messages: they are gone from Redis. */
    private static final String WENT_BACK = "the room's history went back (a failover lost its latest messages)";

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final JsonEncoder encoder = new JsonEncoder();
    /** Idempotence keys for posts without a clientId, so that a post Lettuce replays is not posted twice. */
    private final AtomicLong anonymousPosts = new AtomicLong();

    @Inject
    Settings settings;

    @Inject
    Scheduler scheduler;

    @Inject
    Meters meters;

    @Inject
    BackendEvents events;

    private ClusterSettings cluster;
    private RedisBroker broker;
    private ScheduledFuture<?> refresh;
    /** The sender of the rooms' events, when a webhook receiver is configured. */
    private RedisRoomEvents roomEvents;

    /**
     * Connects to Redis and returns the broker, which the other clustered services share; throws when Redis is
     * unreachable, which fails the deployment or the runner's start.
     */
    RedisBroker connect(ClusterSettings cluster) {
        if (settings.roomIdleSeconds() < cluster.presenceTtlSeconds()) {
            // Keys are kept alive by the presence renewals while anyone is in a room; they come every third of it.
            throw SettingReader.invalid("room-idle-seconds", "must be at least roomcast.presence-ttl-seconds ("
                    + cluster.presenceTtlSeconds() + ") on a clustered node, not " + settings.roomIdleSeconds());
        }
        this.cluster = cluster;
        this.broker = RedisBroker.connect(cluster, Duration.ofSeconds(settings.roomIdleSeconds()), this,
                meters.registry());
        this.refresh = scheduler.every(cluster.refreshInterval(), this::refreshAll);
        BackendEvents.Log log = events.log();
        if (log != null) {
            // Kept a while past the age at which the sender gives them up, so that it is the sender that counts them.
            broker.keepEvents(log.perRoom(), log.maxAge().multipliedBy(2), Node.NAME, events::reportsMessages);
            roomEvents = new RedisRoomEvents(broker, events, log, scheduler);
        }
        LOG.log(System.Logger.Level.INFO, "rooms are shared through Redis at {0} (this node: {1})", broker.where(),
                Node.NAME);
        return broker;
    }

    @PreDestroy
    void disconnect() {
        if (broker != null) {
            refresh.cancel(false);
            if (roomEvents != null) {
                roomEvents.stop();
            }
            broker.close();
        }
    }

    /** The rooms open on this node: those its members are in (Redis keeps the rest, each until it expires). */
    @Override
    public int size() {
        return rooms.size();
    }

    @Override
    public Broker broker() {
        return new Broker("redis", broker.reachable());
    }

    @Override
    public void join(String room, Member member, Long since, String epoch) {
        Room target = rooms.computeIfAbsent(room, Room::new);
        target.serial.submit(() -> target.join(member, since, epoch));
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
        target.serial.submit(() -> target.history(member, before, limit));
    }

    @Override
    public void directory(Member member, Predicate<String> visible, int limit) {
        broker.directory().whenComplete((present, failure) -> {
            if (failure != null) {
                member.deliver(unavailable(null, null));
                return;
            }
            member.deliver(encoder.encode(new ServerMessage.Rooms(present.entrySet().stream()
                    .filter(room -> visible.test(room.getKey()))
                    .map(room -> new ServerMessage.RoomSummary(room.getKey(), room.getValue()))
                    .sorted(ServerMessage.RoomSummary.DIRECTORY_ORDER)
                    .limit(limit)
                    .toList())));
        });
    }

    @Override
    public CompletionStage<Published> publish(String room, String app, String text, String key) {
        String idempotence = key != null ? "a" + key : "n" + Node.NAME + '\n' + anonymousPosts.incrementAndGet();
        String draft = encoder.encode(new Draft(null, app, text, null, Instant.now(), null));
        return broker.post(room, Replay.newEpoch(), idempotence, settings.historySize(), draft).thenApply(posted -> {
            logged(room, posted.logged());
            return new Published(room, posted.epoch(), posted.seq(), posted.duplicate());
        });
    }

    @Override
    public CompletionStage<Optional<RoomInfo>> info(String room) {
        return broker.info(room).thenApply(view -> Optional.ofNullable(view).map(known -> roomInfo(room, known)));
    }

    @Override
    public CompletionStage<List<ServerMessage.RoomSummary>> list(String after, String search, int limit) {
        return broker.directory().thenApply(present -> RoomStore.page(present.entrySet().stream()
                .map(room -> new ServerMessage.RoomSummary(room.getKey(), room.getValue())), after, search, limit));
    }

    @Override
    public CompletionStage<Optional<Page>> messages(String room, Long before, Long after, int limit) {
        return broker.info(room).thenCompose(view -> {
            if (view == null) {
                return CompletableFuture.completedFuture(Optional.<Page>empty());
            }
            // One more than asked for tells whether the room keeps more in that direction.
            if (after != null) {
                return broker.from(room, after + 1, limit + 1).thenApply(oldestFirst ->
                        Optional.of(page(room, view.epoch(), oldestFirst.subList(0, Math.min(limit, oldestFirst.size())),
                                oldestFirst.size() > limit)));
            }
            return older(room, view.epoch(), before == null ? view.seq() : Math.min(view.seq(), before - 1), limit)
                    .thenApply(Optional::of);
        });
    }

    @Override
    public CompletionStage<Optional<RoomInfo>> reset(String room) {
        return broker.reset(room, Replay.newEpoch()).thenApply(view -> {
            if (view != null) {
                logged(room, view.logged());
            }
            return Optional.ofNullable(view).map(known -> roomInfo(room, known));
        });
    }

    /** The page of up to {@code limit} messages numbered {@code to} or lower, oldest first. */
    private CompletableFuture<Page> older(String room, String epoch, long to, int limit) {
        // One more than asked for tells whether anything older remains.
        return broker.latest(room, to, limit + 1).thenApply(newestFirst -> {
            List<StreamMessage<String, String>> oldestFirst =
                    new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
            Collections.reverse(oldestFirst);
            return page(room, epoch, oldestFirst, newestFirst.size() > limit);
        });
    }

    private static RoomInfo roomInfo(String room, RedisBroker.View view) {
        return new RoomInfo(room, view.epoch(), view.seq(), view.users());
    }

    private static Page page(String room, String epoch, List<StreamMessage<String, String>> oldestFirst, boolean more) {
        return new Page(room, epoch, oldestFirst.stream()
                .flatMap(entry -> read(room, epoch, number(entry), entry.getBody().get("m")).stream()).toList(), more);
    }

    /** A logged draft as the room message it is. */
    /**
     * Message {@code at} of the room, from the draft Redis keeps; empty, with a warning, for a draft this node cannot
     * read (written by a newer or broken node, or by hand): that one message is skipped here, and the room goes on.
     */
    private static Optional<ServerMessage.Posted> read(String room, String epoch, long at, String draftJson) {
        Draft draft;
        try {
            draft = JsonCodec.decode(draftJson == null ? "" : draftJson, Draft.class);
        } catch (InvalidMessageException e) {
            LOG.log(System.Logger.Level.WARNING, "room {0}: message {1} cannot be read and is skipped: {2}", room, at,
                    e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new ServerMessage.Posted(room, epoch, at, draft.user(), draft.app(), draft.text(),
                draft.data(), draft.ts(), draft.clientId()));
    }

    private static long number(StreamMessage<String, String> entry) {
        String id = entry.getId();
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    @Override
    public void heard(String room, String message) {
        Room target = rooms.get(room);
        if (target != null) {
            target.serial.submit(() -> target.heard(message));
        }
    }

    @Override
    public void reconnected() {
        LOG.log(System.Logger.Level.INFO, "Redis is back; catching up on {0} rooms", rooms.size());
        refreshAll();
    }

    private void refreshAll() {
        rooms.values().forEach(room -> room.serial.submit(room::sync));
        sweepOrphans();
    }

    /**
     * Sweeps the rooms whose presence nobody renews any more: users of a crashed node in rooms no other node holds
     * would otherwise stay present in Redis, and the backend would never hear that they left or that the room
     * emptied. Redis hands each such room to one node per presence TTL (orphans.lua); its presence call, with no
     * users of its own, sweeps the lapsed entries and tells this node who left.
     */
    private void sweepOrphans() {
        broker.orphans().thenAccept(orphans -> orphans.stream().filter(room -> !rooms.containsKey(room)).forEach(room ->
                broker.presence(room, Replay.newEpoch(), Node.NAME, 0, true, List.of())
                        .thenAccept(view -> logged(room, view.logged()))
                        .exceptionally(failure -> {
                            LOG.log(System.Logger.Level.DEBUG, "sweep of " + room + " failed; tried again later", failure);
                            return null;
                        })
        )).exceptionally(failure -> {
            LOG.log(System.Logger.Level.DEBUG, "no orphaned rooms read; the next refresh asks again", failure);
            return null;
        });
    }

    /**
     * Follows up a script's writes to the room's event log: the room is noted for the node that sends the rooms'
     * events, and what found the log full is counted. A note that fails (Redis away) leaves the events in the log
     * until the room's next event notes it again.
     */
    private void logged(String room, RedisBroker.Logged logged) {
        if (logged.written() > 0) {
            broker.eventsWritten(room).exceptionally(failure -> {
                LOG.log(System.Logger.Level.DEBUG, "could not note the new events of " + room, failure);
                return null;
            });
        }
        if (logged.refused() > 0) {
            events.overflowed(logged.refused());
        }
    }

    private String unavailable(String room, String clientId) {
        return encoder.encode(new ServerMessage.Error(ErrorCode.UNAVAILABLE.wire(),
                "the message broker did not answer; try again", room, clientId, RETRY_AFTER_MS));
    }

    /**
     * A message as the log and the channel carry it: everything but its number and epoch. A person's has
     * {@code user}, the application's {@code app}.
     */
    public record Draft(String user, String app, String text, JsonObject data, Instant ts, String clientId) {
    }

    /**
     * One member's posts to one room, numbered so that Redis takes them in order without each waiting for the one
     * before (post.lua checks the numbers). Its state is guarded by itself: a post is numbered and its command
     * issued under the lock, so that the numbers reach Lettuce, and so Redis, in their order, whichever thread
     * issues it (the room's, or after a failure the one that completed the post before).
     *
     * <p>While the stream is whole, every post goes at once. After one failed or was refused as out of order, the
     * next waits until every post in flight has completed, then starts a new stream at 1; posts made meanwhile go
     * one after another behind it, and at once again when that queue has drained.
     */
    private static final class SenderStream {
        private String id;
        private long numbered;
        private boolean broken;
        /** Posts issued to Redis and not completed. */
        private int inFlight;
        /** Posts made and not completed, issued or waiting their turn. */
        private int waiting;
        /** Completed when the last post in flight completes, for the first post after a failure. */
        private CompletableFuture<Void> drained;
        /** The last of the posts that wait their turn after a failure. */
        private CompletableFuture<?> queue;
        /**
         * Done when the last post's answer has been handed to the room's thread, so that the sender gets its answers
         * (acks, refusals) in the order it posted, and resends refused posts in that order. The room's thread only.
         */
        CompletableFuture<?> answered = DONE;

        SenderStream() {
            renew();
        }

        private void renew() {
            id = Node.NAME + '.' + STREAMS.incrementAndGet();
            numbered = 0;
            broken = false;
        }

        synchronized int waiting() {
            return waiting;
        }

        /** Sends a post through {@code send} (stream id, number), at once or in its turn (see above). */
        synchronized CompletableFuture<RedisBroker.Posted> post(BiFunction<String, Long, CompletableFuture<RedisBroker.Posted>> send) {
            CompletableFuture<RedisBroker.Posted> posted;
            if (queue != null && !queue.isDone()) {
                posted = queue.handle((earlier, failure) -> null).thenCompose(ignored -> numbered(send));
                queue = posted;
            } else if (broken && inFlight > 0) {
                drained = new CompletableFuture<>();
                posted = drained.thenCompose(ignored -> numbered(send));
                queue = posted;
            } else {
                posted = numbered(send);
            }
            waiting++;
            return posted;
        }

        private synchronized CompletableFuture<RedisBroker.Posted> numbered(
                BiFunction<String, Long, CompletableFuture<RedisBroker.Posted>> send) {
            if (broken) {
                renew(); // nothing of the old stream is in flight: a new one cannot be overtaken by it
            }
            inFlight++;
            return send.apply(id, ++numbered);
        }

        /** A post completed; true when the stream is idle and whole, so that it can go. */
        synchronized boolean completed(boolean failed) {
            broken |= failed;
            inFlight--;
            waiting--;
            if (inFlight == 0 && drained != null) {
                CompletableFuture<Void> next = drained;
                drained = null;
                next.complete(null);
            }
            return waiting == 0 && !broken;
        }
    }

    /** Numbers the node's sender streams: a stream's id is never used again, so a new one always starts at 1. */
    private static final AtomicLong STREAMS = new AtomicLong();

    /** How many of one sender's posts may wait for Redis: a whole burst of the rate limit, and at least 64. */
    private int waitingPosts() {
        return Math.max(MIN_WAITING_POSTS, settings.rateBurst());
    }

    /** How a join is answered, and the messages it replays. */
    private record Answer(Replay replay, List<String> messages) {
    }

    /** One room as this node sees it; touched only from inside {@link #serial}. */
    private final class Room {

        final SerialExecutor serial;
        final String name;
        final Map<String, Member> members = new LinkedHashMap<>();
        /** This node's share of the presence, which it keeps renewed in Redis. */
        final LocalPresence local;
        /**
         * The users present on any node, as this node's members have been told: the view read from Redis when
         * the room opened here, then every presence event from the channel. Channel events that an answer from
         * Redis already reflects (a join published just before a member's {@code joined}) change nothing here,
         * so they are not announced twice.
         */
        final Set<String> present = new LinkedHashSet<>();
        /** Acknowledgements held back until this node has delivered the message they acknowledge. */
        final NavigableMap<Long, List<String>> acksBySeq = new TreeMap<>();
        /** Each member's posts still on their way to Redis (see post). */
        final Map<String, SenderStream> postsOf = new HashMap<>();
        /** Null until the room is open on this node: subscribed, and its number read from Redis. */
        String epoch;
        /** The last message delivered to this node's members. */
        long seq;
        /** Removed from {@link #rooms}; a task that still reaches it goes to the room's successor. */
        boolean retired;

        Room(String name) {
            this.name = name;
            this.serial = new SerialExecutor();
            this.local = new LocalPresence(Duration.ofMillis(settings.presenceGraceMillis()), scheduler, serial);
        }

        CompletionStage<?> join(Member member, Long since, String clientEpoch) {
            if (retired) {
                RedisRoomStore.this.join(name, member, since, clientEpoch);
                return DONE;
            }
            boolean rejoin = members.containsKey(member.id());
            boolean arriving = !rejoin && !local.contains(member.user());
            CompletableFuture<Void> subscribed = epoch == null ? broker.subscribe(name) : DONE;
            return subscribed
                    .thenCompose(ignored -> renew(arriving ? List.of(member.user()) : List.of()))
                    .thenCompose(view -> {
                        if (epoch != null && !epoch.equals(view.epoch())) {
                            restartMembers("the room's history was lost");
                            epoch = null;
                        }
                        if (epoch == null) {
                            epoch = view.epoch();
                            seq = view.seq();
                            present.clear();
                            present.addAll(view.users());
                        }
                        // This node may not have heard the latest messages yet, while the client has, from
                        // another node: the resume point is checked against the room, not against this node.
                        return catchUp(view.seq()).thenCompose(caughtUp -> {
                            if (!caughtUp) {
                                restartMembers(FELL_BEHIND);
                                seq = view.seq();
                            }
                            return replay(since, clientEpoch);
                        });
                    })
                    .thenAccept(answer -> {
                        if (!rejoin) {
                            local.arrive(member.user());
                        }
                        members.put(member.id(), member);
                        // The member's own arrival reaches this node's view with its presence event.
                        List<String> users = new ArrayList<>(present);
                        if (!present.contains(member.user())) {
                            users.add(member.user());
                        }
                        member.deliver(encoder.encode(new ServerMessage.Joined(
                                name, epoch, seq, users, answer.replay().mode, answer.replay().reason)));
                        member.deliverAll(answer.messages());
                    })
                    .exceptionally(failure -> {
                        LOG.log(System.Logger.Level.WARNING, "join of " + name + " failed", failure);
                        member.deliver(unavailable(name, null));
                        retireIfEmpty();
                        return null;
                    });
        }

        void leave(Member member, boolean disconnected) {
            if (members.remove(member.id()) != null) {
                local.leave(member.user(), disconnected, this::depart);
            }
        }

        void post(Member sender, String text, String clientId, JsonObject data) {
            if (!members.containsKey(sender.id())) {
                sender.deliver(Replay.notJoined(name, clientId));
                return;
            }
            String key = clientId != null ? "c" + sender.user() + '\n' + clientId
                    : "n" + Node.NAME + '\n' + anonymousPosts.incrementAndGet();
            String draft = encoder.encode(new Draft(sender.user(), null, text, data, Instant.now(), clientId));
            // Not a step of the room: different senders' posts go out back to back, and the channel brings them
            // back in Redis's order. One sender's keep theirs without waiting for each other: they are numbered, and
            // Redis refuses one whose predecessor has not arrived (post.lua), as when Lettuce, reconnecting after
            // a Redis restart or a failover, sends what it had in flight and what it buffered out of order. That
            // post, and those behind it, are answered unavailable; the client resends them all, in order, with
            // their clientIds, and the next post starts a new stream once every earlier one has completed.
            //
            // The posts on their way are bounded: at most waitingPosts() of a sender (past them, unavailable at
            // once, as when the buffer is full).
            SenderStream stream = postsOf.computeIfAbsent(sender.id(), id -> new SenderStream());
            if (stream.waiting() >= waitingPosts()) {
                sender.deliver(unavailable(name, clientId));
                return;
            }
            CompletableFuture<RedisBroker.Posted> posted = stream.post((streamId, number) ->
                    broker.post(name, Replay.newEpoch(), key, settings.historySize(), draft, streamId, number));
            CompletableFuture<Void> turn = CompletableFuture.allOf(stream.answered, posted.exceptionally(failed -> null));
            stream.answered = turn;
            turn.whenComplete((ignored, never) -> serial.execute(() -> {
                RedisBroker.Posted answer = posted.isCompletedExceptionally() ? null : posted.join();
                Throwable error = answer != null ? null : posted.handle((value, failed) -> failed).join();
                Throwable failure = error == null && answer.outOfOrder()
                        ? new IllegalStateException("an earlier post of the sender did not arrive") : error;
                RedisBroker.Posted result = failure == null ? answer : null;
                if (stream.completed(failure != null) && postsOf.get(sender.id()) == stream) {
                    postsOf.remove(sender.id());
                }
                acknowledge(sender, clientId, result, failure);
                if (failure == null) {
                    logged(name, result.logged());
                }
            }));
        }

        CompletionStage<?> history(Member member, Long before, int limit) {
            if (!members.containsKey(member.id())) {
                member.deliver(Replay.notJoined(name, null));
                return DONE;
            }
            return older(name, epoch, before == null ? seq : Math.min(seq, before - 1), limit).thenAccept(page ->
                    member.deliver(encoder.encode(new ServerMessage.History(name, epoch, page.messages(), !page.more())))
            ).exceptionally(failure -> {
                member.deliver(unavailable(name, null));
                return null;
            });
        }

        /** A message on the room's channel, in the order Redis published it. */
        CompletionStage<?> heard(String message) {
            if (epoch == null || retired) {
                return DONE; // not open here (yet); the join reads the number from Redis
            }
            if (message.startsWith("r ")) {
                restart(message.substring(2));
                return DONE;
            }
            if (message.startsWith("p ")) {
                String[] presence = message.split(" ", 3);
                String event = presence[1];
                String user = presence[2];
                if (event.equals("join") ? present.add(user) : present.remove(user)) {
                    announce(user, event);
                }
                return DONE;
            }
            String[] posted = message.split(" ", 4);
            long at = Long.parseLong(posted[2]);
            if (posted[1].equals(epoch) && at == seq + 1) {
                deliver(at, posted[3]);
                return DONE;
            }
            if (posted[1].equals(epoch) && at <= seq) {
                return DONE; // delivered already, by a catch-up
            }
            return sync(); // a gap, or a new epoch
        }

        /**
         * The application reset the room: its members start the new epoch as if they had just rejoined. Acks held
         * back for messages this node will now never deliver go out first: those messages were posted (and then
         * reset away), and their senders, who stay connected, must not wait for them for ever.
         */
        private void restart(String newEpoch) {
            acksBySeq.values().forEach(acks -> acks.forEach(this::deliverAck));
            acksBySeq.clear();
            epoch = newEpoch;
            seq = 0;
            String joined = encoder.encode(new ServerMessage.Joined(name, epoch, seq, List.copyOf(present),
                    Replay.RESET.mode, Replay.RESET.reason));
            members.values().forEach(member -> member.deliver(joined));
        }

        /**
         * Renews this node's presence in the room and compares its view with Redis: delivers from the log what
         * is missing, or asks the members to reconnect when the room's history is gone (Redis lost its data),
         * went back (a failover to a replica that lacked the latest messages), or this node fell further behind
         * than the log reaches.
         */
        CompletionStage<?> sync() {
            if (epoch == null || retired) {
                return DONE;
            }
            return renew(local.users()).thenCompose(view -> !view.epoch().equals(epoch)
                    ? lost("the room's history was lost")
                    : view.seq() < seq ? lost(WENT_BACK)
                    : catchUp(view.seq()).thenCompose(caughtUp -> caughtUp ? DONE : lost(FELL_BEHIND))
            ).exceptionally(failure -> {
                // Redis away is routine, and the next sync retries; anything else is a fault that would repeat.
                boolean away = failure instanceof BrokerUnavailableException
                        || failure.getCause() instanceof BrokerUnavailableException;
                LOG.log(away ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        "sync of " + name + " failed; the next one retries", failure);
                return null;
            });
        }

        /**
         * Delivers from the log what this node has not delivered up to {@code latest}, the room's last number
         * in Redis. False, with nothing delivered, when the log no longer reaches back that far.
         */
        private CompletableFuture<Boolean> catchUp(long latest) {
            if (latest <= seq) {
                return CompletableFuture.completedFuture(true);
            }
            return broker.range(name, seq + 1, latest).thenApply(entries -> {
                if (entries.isEmpty() || number(entries.get(0)) != seq + 1) {
                    return false;
                }
                entries.forEach(entry -> deliver(number(entry), entry.getBody().get("m")));
                return true;
            });
        }

        private CompletableFuture<RedisBroker.View> renew(Iterable<String> users) {
            List<String> list = new ArrayList<>();
            users.forEach(list::add);
            return presence(false, list);
        }

        /** Renews or drops this node's presence entries for {@code users}, and reports the changes this call made. */
        private CompletableFuture<RedisBroker.View> presence(boolean drop, Collection<String> users) {
            long ttl = drop ? 0 : cluster.presenceTtlSeconds() * 1000L;
            return broker.presence(name, Replay.newEpoch(), Node.NAME, ttl, drop, users).thenApply(view -> {
                logged(name, view.logged());
                return view;
            });
        }

        private CompletableFuture<Answer> replay(Long since, String clientEpoch) {
            Replay answer = Replay.of(since, clientEpoch, epoch, seq);
            if (answer != Replay.RESUME) {
                return recent(answer);
            }
            if (since == seq) {
                return CompletableFuture.completedFuture(new Answer(Replay.RESUME, List.of()));
            }
            return broker.range(name, since + 1, seq).thenCompose(entries ->
                    entries.isEmpty() || number(entries.get(0)) != since + 1
                            ? recent(Replay.HISTORY_GAP)
                            : CompletableFuture.completedFuture(new Answer(Replay.RESUME, encode(entries))));
        }

        private CompletableFuture<Answer> recent(Replay answer) {
            return broker.latest(name, seq, settings.joinHistory()).thenApply(newestFirst -> {
                List<StreamMessage<String, String>> entries = new ArrayList<>(newestFirst);
                Collections.reverse(entries);
                return new Answer(answer, encode(entries));
            });
        }

        private List<String> encode(List<StreamMessage<String, String>> entries) {
            return entries.stream().flatMap(entry -> posted(number(entry), entry.getBody().get("m")).stream()).toList();
        }

        private Optional<String> posted(long at, String draftJson) {
            return read(name, epoch, at, draftJson).map(encoder::encode);
        }

        /** Delivers message {@code at} to the members here (an unreadable one to nobody), and the acks it releases. */
        private void deliver(long at, String draftJson) {
            posted(at, draftJson).ifPresent(json -> {
                for (Member member : members.values()) {
                    member.deliver(json);
                }
            });
            seq = at;
            NavigableMap<Long, List<String>> due = acksBySeq.headMap(at, true);
            due.values().forEach(acks -> acks.forEach(this::deliverAck));
            due.clear();
        }

        private void acknowledge(Member sender, String clientId, RedisBroker.Posted posted, Throwable failure) {
            if (failure != null) {
                sender.deliver(unavailable(name, clientId));
                return;
            }
            if (clientId == null) {
                return;
            }
            String ack = encoder.encode(new ServerMessage.Ack(name, clientId, posted.seq(), posted.duplicate()));
            if (posted.duplicate() || posted.seq() <= seq || !posted.epoch().equals(epoch)) {
                sender.deliver(ack);
            } else {
                // The channel has not brought the message here yet: the sender sees it before its ack.
                acksBySeq.computeIfAbsent(posted.seq(), at -> new ArrayList<>()).add(sender.id() + '\n' + ack);
            }
        }

        private void deliverAck(String addressed) {
            int split = addressed.indexOf('\n');
            Member sender = members.get(addressed.substring(0, split));
            if (sender != null) {
                sender.deliver(addressed.substring(split + 1));
            }
        }

        private void depart(String user) {
            // Not awaited: a failure leaves the entry to expire, and nothing of the room waits for it.
            presence(true, List.of(user));
            retireIfEmpty();
        }

        /** A presence event from any node; a user's own connections know they arrived. */
        private void announce(String user, String event) {
            String json = encoder.encode(new ServerMessage.Presence(name, user, event));
            for (Member member : members.values()) {
                if (!(event.equals("join") && member.user().equals(user))) {
                    member.deliver(json);
                }
            }
        }

        private CompletableFuture<Void> lost(String why) {
            restartMembers(why);
            return retireIfEmpty();
        }

        private void restartMembers(String why) {
            LOG.log(System.Logger.Level.WARNING, "room {0}: {1}; its {2} members here reconnect", name, why,
                    members.size());
            members.values().forEach(member -> member.reconnect(why + "; reconnect to resume"));
            members.clear();
            acksBySeq.clear();
            Set<String> users = local.clear();
            if (!users.isEmpty()) {
                presence(true, users);
            }
        }

        /** Forgets the room on this node once nobody here is in it, so that its channel stops coming here. */
        private CompletableFuture<Void> retireIfEmpty() {
            if (!members.isEmpty() || !local.users().isEmpty() || retired) {
                return DONE;
            }
            retired = true;
            // Unsubscribed before it leaves the map: a successor's subscription can only come after this.
            CompletableFuture<Void> unsubscribed = broker.unsubscribe(name);
            rooms.remove(name, this);
            return unsubscribed.exceptionally(failure -> null);
        }
    }
}
