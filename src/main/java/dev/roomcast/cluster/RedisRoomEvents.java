package dev.roomcast.cluster;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.backend.BackendEvents;
import dev.roomcast.backend.Node;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonCodec;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sender of a cluster's room events. The scripts that change a room (presence.lua, post.lua, reset.lua) write
 * its events into the room's log in Redis in the same step, so the log has them in the room's order whichever node
 * made each change; one node at a time, the holder of a lease in Redis, reads the logs and hands them to the
 * webhook edge ({@link BackendEvents#deliver}), and drops from a log what the receiver took (or what was given up).
 * So a receiver gets each room's events in the room's order from the whole cluster, and a room-level event once
 * unless the sender stops between a delivery and the drop (then the next holder sends it again: at least once).
 *
 * <p>Every node runs one; all but the holder only try the lease every {@link #LEASE_RENEWAL}. The holder's thread,
 * {@code roomcast-room-events}, owns the reads, the delivery and the drops; a batch being retried holds back every
 * later one, as on one node. The lease lapses {@link #LEASE} after its holder stopped renewing it (a crash).
 */
final class RedisRoomEvents {

    private static final System.Logger LOG = System.getLogger(RedisRoomEvents.class.getName());
    /** How long the lease lasts unless renewed: how long the rooms' events wait when their sender crashed. */
    static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration LEASE_RENEWAL = LEASE.dividedBy(3);
    /** The rooms read at once: one batch takes events from as many as it has room for. */
    private static final int ROOMS_PER_READ = 100;
    /** Waits for Redis on this thread are bounded, so that a lost answer cannot stop the sender. */
    private static final long REDIS_WAIT_SECONDS = 30;
    /** The least time between two reads of an empty list of rooms. */
    private static final Duration LEAST_POLL = Duration.ofMillis(20);

    private final RedisBroker broker;
    private final BackendEvents events;
    private final BackendEvents.Log log;
    private final ScheduledFuture<?> renewal;
    private final Thread sender;
    private volatile boolean held;

    RedisRoomEvents(RedisBroker broker, BackendEvents events, BackendEvents.Log log, Scheduler scheduler) {
        this.broker = broker;
        this.events = events;
        this.log = log;
        holdLease();
        renewal = scheduler.every(LEASE_RENEWAL, this::holdLease);
        sender = new Thread(this::sendWhileHeld, "roomcast-room-events");
        sender.setDaemon(true);
        sender.start();
    }

    void stop() {
        renewal.cancel(false);
        sender.interrupt();
    }

    private void holdLease() {
        broker.holdEventSender(Node.NAME, LEASE.toMillis()).whenComplete((holds, failure) -> {
            boolean now = failure == null && holds;
            if (now != held) {
                LOG.log(System.Logger.Level.INFO, now ? "this node sends the rooms' webhook events"
                        : "this node no longer sends the rooms' webhook events");
            }
            held = now;
        });
    }

    private void sendWhileHeld() {
        Duration idle = log.batchDelay().compareTo(LEAST_POLL) > 0 ? log.batchDelay() : LEAST_POLL;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!held || !sendOnce()) {
                    Thread.sleep(held ? idle.toMillis() : LEASE_RENEWAL.toMillis());
                }
            } catch (InterruptedException stopped) {
                return;
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "reading the rooms' events failed; trying again", e);
                try {
                    Thread.sleep(LEASE_RENEWAL.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    /** One room read, so far as it went into the batch: its write count when read, its events, and whether all. */
    private record Read(String room, long writes, List<String> ids, boolean whole) {
    }

    /** Sends one batch from the rooms with events; false when there were none. */
    private boolean sendOnce() throws Exception {
        List<ScoredValue<String>> rooms = await(broker.roomsWithEvents(ROOMS_PER_READ));
        if (rooms.isEmpty()) {
            return false;
        }
        List<BackendEvent> batch = new ArrayList<>();
        List<Read> reads = new ArrayList<>();
        for (ScoredValue<String> noted : rooms) {
            int space = log.batchSize() - batch.size();
            if (space == 0) {
                break;
            }
            String room = noted.getValue();
            List<StreamMessage<String, String>> entries = await(broker.events(room, space));
            entries.forEach(entry -> batch.add(event(room, entry)));
            reads.add(new Read(room, (long) noted.getScore(), entries.stream().map(StreamMessage::getId).toList(),
                    entries.size() < space));
        }
        events.deliver(batch);
        for (Read read : reads) {
            if (!read.ids().isEmpty()) {
                await(broker.dropEvents(read.room(), read.ids()));
            }
            if (read.whole()) {
                await(broker.settleEvents(read.room(), read.writes()));
            }
        }
        return true;
    }

    /**
     * An entry of a room's log as the receiver gets it. Its id is made from the room and the entry's id, so that an
     * event sent again (by the next holder of the lease) has the id it had; its time is the entry's, Redis's clock.
     */
    static BackendEvent event(String room, StreamMessage<String, String> entry) {
        Map<String, String> fields = entry.getBody();
        String id = UUID.nameUUIDFromBytes((room + '\n' + entry.getId()).getBytes(StandardCharsets.UTF_8)).toString();
        long time = Long.parseLong(entry.getId().substring(0, entry.getId().indexOf('-')));
        String type = fields.get("t");
        long seq = Long.parseLong(fields.get("s"));
        if (BackendEvent.MESSAGE_POSTED.equals(type)) {
            RedisRoomStore.Draft draft = draft(room, fields.get("m"));
            return new BackendEvent(id, type, time, fields.get("n"), room, fields.get("e"), seq, draft.user(),
                    draft.app(), draft.text(), draft.clientId(), draft.data(), null, null);
        }
        return new BackendEvent(id, type, time, fields.get("n"), room, fields.get("e"), seq, fields.get("u"), null, null,
                null, null, null, null);
    }

    /** The message as post.lua kept it; one that cannot be read (never written by this version) is sent empty. */
    private static RedisRoomStore.Draft draft(String room, String json) {
        try {
            return JsonCodec.decode(json, RedisRoomStore.Draft.class);
        } catch (InvalidMessageException e) {
            LOG.log(System.Logger.Level.WARNING, "a message event of {0} could not be read: {1}", room, e.getMessage());
            return new RedisRoomStore.Draft(null, null, null, null, null, null);
        }
    }

    private static <T> T await(CompletableFuture<T> answer) throws Exception {
        return answer.get(REDIS_WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
