package dev.roomcast.cluster;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.backend.BackendEvents;
import dev.roomcast.backend.Node;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.room.ConnectedUsers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * {@link ConnectedUsers} of the whole cluster. This node counts its own connections per user; a user's first one
 * here adds an entry for this node in Redis, the end of their last one here drops it, and the node renews its
 * entries three times per {@code presence-ttl-seconds}. Redis, in one script, decides which call brings a user
 * onto the cluster or takes one off (a crashed node's entries expire and are swept by the next call of any
 * node), and the node that made the call reports it: {@code user_connected} and {@code user_disconnected} come
 * once per cluster, in the order Redis made the changes.
 *
 * <p>A call that fails (Redis away) is made good later: a missed arrival by the next renewal, a missed drop by
 * the entry's expiry. A user is then reported late, never lost.
 *
 * <p>The count and the calls it causes are made under this object's lock, so that the calls reach Redis in the
 * order of the changes (a renewal cannot bring back a user whose drop it overtook); the calls do not wait for
 * Redis, so the lock is held for the time it takes to queue a command.
 */
@ApplicationScoped
@Typed(RedisConnectedUsers.class)
public class RedisConnectedUsers implements ConnectedUsers {

    private static final System.Logger LOG = System.getLogger(RedisConnectedUsers.class.getName());
    /** Users per renewal call: a node with many users renews them in several short scripts, not one long one. */
    private static final int RENEWAL_BATCH = 500;

    /** This node's open chat connections per user. Guarded by {@code this}. */
    private final Map<String, Integer> connections = new HashMap<>();

    @Inject
    BackendEvents events;

    @Inject
    Scheduler scheduler;

    private RedisBroker broker;
    private long ttlMillis;
    private ScheduledFuture<?> renewal;

    /** Starts renewing this node's entries on {@code broker}. */
    void connect(RedisBroker broker, ClusterSettings cluster) {
        this.broker = broker;
        this.ttlMillis = cluster.presenceTtlSeconds() * 1000L;
        this.renewal = scheduler.every(cluster.refreshInterval(), this::renew);
    }

    @PreDestroy
    void stop() {
        if (renewal != null) {
            renewal.cancel(false);
        }
    }

    @Override
    public synchronized void connected(String user) {
        if (connections.merge(user, 1, Integer::sum) == 1) {
            call(false, List.of(user));
        }
    }

    @Override
    public synchronized void disconnected(String user) {
        if (connections.computeIfPresent(user, (name, count) -> count > 1 ? count - 1 : null) == null) {
            call(true, List.of(user));
        }
    }

    /** Renews every entry of this node; with none, the call still sweeps the entries other nodes left behind. */
    private synchronized void renew() {
        List<String> users = List.copyOf(connections.keySet());
        int from = 0;
        do {
            call(false, users.subList(from, Math.min(users.size(), from + RENEWAL_BATCH)));
            from += RENEWAL_BATCH;
        } while (from < users.size());
    }

    private void call(boolean drop, List<String> users) {
        try {
            broker.connected(Node.NAME, drop ? 0 : ttlMillis, drop, users).whenComplete((change, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.DEBUG, "connected users not updated in Redis; made good later", failure);
                    return;
                }
                change.arrived().forEach(user -> events.report(BackendEvent.ofUser(BackendEvent.USER_CONNECTED, user)));
                change.departed().forEach(user ->
                        events.report(BackendEvent.ofUser(BackendEvent.USER_DISCONNECTED, user)));
            });
        } catch (RuntimeException refused) {
            // Lettuce's queue for an absent Redis is full: the same as a failed call.
            LOG.log(System.Logger.Level.DEBUG, "connected users not updated in Redis; made good later", refused);
        }
    }
}
