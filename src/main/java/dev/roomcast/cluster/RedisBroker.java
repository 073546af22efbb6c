package dev.roomcast.cluster;

import dev.roomcast.concurrent.ThreadStripes;
import dev.roomcast.room.BrokerUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Consumer;

/**
 * Roomcast's whole use of Redis, in room terms: two connections (commands, and the subscriptions that a
 * subscribed connection cannot share), the Lua scripts that keep each room's rules atomic, and the stream
 * reads. Lettuce reconnects both connections with backoff and subscribes again by itself; commands issued
 * while Redis is away wait in its buffer (bounded, and each under a timeout).
 *
 * <p>Every answer and every channel message is handed to a thread of Roomcast's own, always the same one for a
 * room (one thread per core, rooms spread over them by name), in the order Lettuce produced them; nothing
 * runs on Lettuce's I/O threads. That keeps one client's posts in order: Netty writes a command issued on its
 * I/O thread at once, but queues one issued elsewhere, so a room that issued commands from both kinds of
 * thread could see a later post overtake an earlier one. And a node's deliveries, which that thread makes,
 * use every core.
 *
 * <p>Per room, all keys carry the room's name as a hash tag, so one room lives in one slot, and every script
 * touches the keys of one slot only: the same code runs on one Redis, behind Sentinels, or on a Redis Cluster
 * ({@code redis-cluster://}), where each script goes to the node that holds its slot. Channel messages reach
 * every node of a cluster.
 */
final class RedisBroker implements AutoCloseable {

    /** What the node hears from the broker. Called on Lettuce's threads; must not block. */
    interface Listener {

        /** A message on a room's channel: {@code m <epoch> <seq> <draft>} or {@code p join|leave <user>}. */
        void heard(String room, String message);

        /** The subscription connection is back after an outage: messages may have been missed. */
        void reconnected();
    }

    /**
     * A room as Redis sees it (null where Redis does not know it): its epoch, its last sequence number, and the users
     * present on any node; after a presence call, the users that call brought into the room and those it took out.
     */
    record View(String epoch, long seq, List<String> users, List<String> arrived, List<String> departed,
                Logged logged) {
    }

    /**
     * What a script did with the room's events for the webhook receiver (see prelude.lua's hook): how many it wrote
     * into the room's log, and how many found the log full (not written: counted and logged by the caller).
     */
    record Logged(long written, long refused) {

        static final Logged NOTHING = new Logged(0, 0);
    }

    /** What a call to connected.lua changed: the users it brought onto the cluster, and those it took off. */
    record Connected(List<String> arrived, List<String> departed) {
    }

    /**
     * What post.lua did: numbered the message {@code seq} (or found it posted before: {@code duplicate}), or, for a
     * sender's post, refused it as {@code outOfOrder} because an earlier post of the sender had not arrived.
     */
    record Posted(String epoch, long seq, boolean duplicate, boolean outOfOrder, Logged logged) {
    }

    private static final String CHANNEL_PREFIX = "roomcast:";
    /**
     * The room directory: room -> expiry (zset), room -> users present (hash) and room -> when its presence lapses
     * (zset). One hash tag, so that on a
     * Redis Cluster both live in one slot; no room's keys start like these.
     */
    private static final String[] DIRECTORY = {"roomcast-directory:{d}:expiry", "roomcast-directory:{d}:present",
            "roomcast-directory:{d}:renewed"};
    /** The rooms orphans.lua hands out at once: each is one presence call to sweep. */
    private static final int ORPHANS_PER_CALL = 100;
    /** Messages for users wherever they are connected; not a room's channel (those all start "roomcast:"). */
    private static final String USERS_CHANNEL = "roomcast-users";
    /** The users connected to any node (connected.lua); one hash tag, so one slot of a Redis Cluster. */
    private static final String[] CONNECTED = {"roomcast-connected:{c}:here", "roomcast-connected:{c}:count"};
    /** Bans in force: user -> end (ms since the epoch), so that a node that starts later knows them too. */
    private static final String BANS = "roomcast-bans";
    /**
     * The rooms whose event log (KEYS[6] of a room) has events for the webhook receiver: room -> how many times
     * events were written since it was last emptied, so that emptying it never hides a write it did not read.
     */
    private static final String EVENT_ROOMS = "roomcast-events:rooms";
    /** Which node sends the rooms' events: its name, under a lease it renews. */
    private static final String EVENT_SENDER = "roomcast-events:sender";
    /** Every node's latest figures: node name -> its report as JSON (ClusterNodes). */
    private static final String NODES = "roomcast-nodes";

    private final String where;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    /** A single Redis's or a Redis Cluster's (which sends each command to the node that has its key). */
    private final RedisClusterAsyncCommands<String, String> commands;
    private final Duration timeout;
    private final Script post;
    private final Script presence;
    private final Script listing;
    private final Script directory;
    private final Script info;
    private final Script reset;
    private final Script connected;
    private final Script orphans;
    private final Script lease;
    private final Script settle;
    /** prelude.lua's hook spec for the rooms' events: '' while they are not kept (no webhook receiver). */
    private volatile String eventSpec = "";
    /** The rooms whose posted messages are events too (webhook-message-rooms). */
    private volatile Predicate<String> messagesReported = room -> false;
    private volatile Consumer<String> usersListener = message -> { };
    private final ThreadStripes events = new ThreadStripes("roomcast-redis-events");
    /** How long a room's keys live after its last post or presence renewal. */
    private final String roomTtlMillis;
    /** How long a node's presence entries live without a renewal. */
    private final String presenceTtlMillis;

    private RedisBroker(ClusterSettings settings, Duration roomIdle, Listener listener, MeterRegistry meters) {
        roomTtlMillis = Long.toString(roomIdle.toMillis());
        presenceTtlMillis = Long.toString(settings.presenceTtlSeconds() * 1000L);
        timeout = Duration.ofSeconds(settings.redisTimeoutSeconds());
        List<RedisURI> seeds = settings.clusterSeeds();
        where = seeds.isEmpty() ? where(RedisURI.create(settings.redisUrl()))
                : "the Redis Cluster of " + seeds.stream().map(seed -> seed.getHost() + ":" + seed.getPort()).toList();
        Counter reconnects = Counter.builder("roomcast.redis.reconnects")
                .description("Times this node's connection for room channels came back after Redis was away")
                .register(meters);
        resources = ClientResources.builder()
                // lettuce.command.completion: each command's latency, by command type and Redis address.
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meters, MicrometerOptions.create()))
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // Full jitter, so that nodes do not all come back in one burst after Redis restarts.
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(5), 100,
                        TimeUnit.MILLISECONDS))
                .build();
        try {
            if (seeds.isEmpty()) {
                RedisClient single = RedisClient.create(resources, RedisURI.create(settings.redisUrl()));
                single.setOptions(common(ClientOptions.builder(), settings).build());
                client = single;
                StatefulRedisConnection<String, String> connected = single.connect();
                connection = connected;
                commands = connected.async();
                subscriptions = single.connectPubSub();
            } else {
                RedisClusterClient cluster = RedisClusterClient.create(resources, seeds);
                cluster.setOptions(common(ClusterClientOptions.builder(), settings)
                        // A failover moves slots: learn the new map at once from redirections and reconnects,
                        // and every few seconds anyway.
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .enablePeriodicRefresh(Duration.ofSeconds(5))
                                .build())
                        .build());
                client = cluster;
                StatefulRedisClusterConnection<String, String> connected = cluster.connect();
                connection = connected;
                commands = connected.async();
                subscriptions = cluster.connectPubSub();
            }
        } catch (RedisException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            events.close();
            throw new IllegalStateException("Redis at " + where + " is unreachable (roomcast.redis-url / "
                    + "ROOMCAST_REDIS_URL): " + e.getMessage(), e);
        }
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (channel.equals(USERS_CHANNEL)) {
                    events.forKey(USERS_CHANNEL).execute(() -> usersListener.accept(message));
                    return;
                }
                String room = channel.substring(CHANNEL_PREFIX.length());
                events.forKey(room).execute(() -> listener.heard(room, message));
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler == subscriptions) {
                    reconnects.increment();
                    events.forKey(CHANNEL_PREFIX).execute(listener::reconnected);
                }
            }
        });
        String prelude = resource("prelude.lua");
        post = new Script(prelude + resource("post.lua"), true);
        presence = new Script(prelude + resource("presence.lua"));
        listing = new Script(prelude + resource("listing.lua"));
        directory = new Script(prelude + resource("directory.lua"));
        info = new Script(prelude + resource("info.lua"));
        reset = new Script(prelude + resource("reset.lua"));
        connected = new Script(resource("connected.lua"));
        orphans = new Script(prelude + resource("orphans.lua"));
        lease = new Script(resource("lease.lua"));
        settle = new Script(resource("settle.lua"));
    }

    /** Connects, or throws with a message that says where Redis was expected. */
    static RedisBroker connect(ClusterSettings settings, Duration roomIdle, Listener listener, MeterRegistry meters) {
        return new RedisBroker(settings, roomIdle, listener, meters);
    }

    /** The options a node's client has whatever Redis it talks to. */
    private static <B extends ClientOptions.Builder> B common(B options, ClusterSettings settings) {
        options.autoReconnect(true);
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
        options.requestQueueSize(settings.redisQueueLimit());
        options.timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(settings.redisTimeoutSeconds())));
        return options;
    }

    /** Host and port (or the Sentinels' and the master's name, or a cluster's first nodes), never the password. */
    String where() {
        return where;
    }

    private static String where(RedisURI uri) {
        if (uri.getSentinels().isEmpty()) {
            return uri.getHost() + ":" + uri.getPort();
        }
        return "the master " + uri.getSentinelMasterId() + " of Sentinels " + uri.getSentinels().stream()
                .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort()).toList();
    }

    boolean reachable() {
        return connection.isOpen() && subscriptions.isOpen();
    }

    CompletableFuture<Void> subscribe(String room) {
        return onEvents(room, subscriptions.async().subscribe(channel(room)));
    }

    CompletableFuture<Void> unsubscribe(String room) {
        return onEvents(room, subscriptions.async().unsubscribe(channel(room)));
    }

    /** Posts the application's message (no sender stream: its calls are independent of each other). */
    CompletableFuture<Posted> post(String room, String newEpoch, String key, int historySize, String draft) {
        String[] args = {newEpoch, key, Integer.toString(historySize), channel(room), draft, roomTtlMillis,
                eventSpec(room)};
        return post.run(room, keys(room), args).thenApply(RedisBroker::posted);
    }

    /** Posts a member's message, the {@code number}th of the sender's {@code stream} (see post.lua). */
    CompletableFuture<Posted> post(String room, String newEpoch, String key, int historySize, String draft,
                                   String stream, long number) {
        String[] roomKeys = keys(room);
        String[] keys = Arrays.copyOf(roomKeys, roomKeys.length + 1);
        keys[roomKeys.length] = "roomcast:{" + room + "}:stream:" + stream;
        String[] args = {newEpoch, key, Integer.toString(historySize), channel(room), draft, roomTtlMillis,
                eventSpec(room), Long.toString(number)};
        return post.run(room, keys, args).thenApply(RedisBroker::posted);
    }

    private static Posted posted(List<Object> reply) {
        long outcome = (Long) reply.get(2);
        return new Posted((String) reply.get(0), (Long) reply.get(1), outcome == 1, outcome == 2, logged(reply, 3));
    }

    /**
     * Renews ({@code drop} false) or drops this node's presence entries for {@code users} (see presence.lua),
     * then lists the room in the directory with the users present, or unlists it when nobody is: two scripts,
     * since on a Redis Cluster the directory lives in a slot of its own. The listing is not waited for: it
     * goes out before the answer is handed on, so on one Redis this node's next directory read (on the same
     * connection) comes after it; on a cluster, or when two nodes change one room's presence at once, the
     * directory can be a moment, at most a renewal, behind. A failed listing is made good by the next renewal.
     */
    CompletableFuture<View> presence(String room, String newEpoch, String node, long ttlMillis, boolean drop,
                                     Collection<String> users) {
        List<String> args = new ArrayList<>(List.of(newEpoch, channel(room), node, Long.toString(ttlMillis),
                drop ? "drop" : "renew", roomTtlMillis, eventSpec));
        args.addAll(users);
        return presence.run(room, keys(room), args.toArray(String[]::new)).thenApply(reply -> {
            View view = view(reply);
            listing.run(room, DIRECTORY,
                    new String[] {room, Integer.toString(view.users().size()), roomTtlMillis, presenceTtlMillis});
            return view;
        });
    }

    /**
     * Renews ({@code drop} false) or drops this node's entries for {@code users} among the users connected to any
     * node (see connected.lua). Answered in the order of the calls, on one events thread.
     */
    CompletableFuture<Connected> connected(String node, long ttlMillis, boolean drop, Collection<String> users) {
        List<String> args = new ArrayList<>(List.of(node, Long.toString(ttlMillis), drop ? "drop" : "renew"));
        args.addAll(users);
        return connected.run(CONNECTED[0], CONNECTED, args.toArray(String[]::new))
                .thenApply(reply -> new Connected(strings(reply, 0), strings(reply, 1)));
    }

    /**
     * Rooms with users present that no node has renewed for a presence TTL (see orphans.lua), a hundred at most:
     * a presence call for each sweeps its lapsed entries. Each is handed to one asking node per TTL.
     */
    CompletableFuture<List<String>> orphans() {
        return orphans.run(DIRECTORY[0], DIRECTORY, new String[] {presenceTtlMillis, Integer.toString(ORPHANS_PER_CALL)})
                .thenApply(reply -> reply.stream().map(String.class::cast).toList());
    }

    /** Every room with anyone present on any node, and how many users are present in it. */
    CompletableFuture<Map<String, Integer>> directory() {
        return directory.run(DIRECTORY[0], DIRECTORY, new String[0]).thenApply(reply -> {
            Map<String, Integer> present = new LinkedHashMap<>();
            for (Object entry : reply) {
                List<?> pair = (List<?>) entry;
                present.put((String) pair.get(0), ((Long) pair.get(1)).intValue());
            }
            return present;
        });
    }

    /** The room as Redis knows it, or null when it does not (never used, or expired: the script answers {}). */
    CompletableFuture<View> info(String room) {
        return info.run(room, keys(room), new String[0]).thenApply(RedisBroker::view);
    }

    /** Starts a new epoch with no history; null when Redis does not know the room. See reset.lua. */
    CompletableFuture<View> reset(String room, String newEpoch) {
        return reset.run(room, keys(room), new String[] {newEpoch, channel(room), roomTtlMillis, eventSpec})
                .thenApply(RedisBroker::view);
    }

    /** Up to {@code count} drafts numbered {@code from} or later, oldest first. */
    CompletableFuture<List<StreamMessage<String, String>>> from(String room, long from, int count) {
        return onEvents(room, commands.xrange(keys(room)[1], Range.create(from + "-0", "+"), Limit.from(count)));
    }

    /**
     * Listens to the users' channel, for messages and disconnects addressed to users on any node; returns the
     * bans in force now (user -> end in ms since the epoch).
     */
    Map<String, Long> listenToUsers(Consumer<String> listener) {
        usersListener = listener;
        subscriptions.sync().subscribe(USERS_CHANNEL);
        long now = System.currentTimeMillis();
        commands.zremrangebyscore(BANS, Range.create(Double.NEGATIVE_INFINITY, (double) now));
        Map<String, Long> bans = new LinkedHashMap<>();
        LettuceFutures.awaitOrCancel(
                commands.zrangebyscoreWithScores(BANS, Range.create((double) now, Double.POSITIVE_INFINITY)),
                timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach(ban -> bans.put(ban.getValue(), (long) ban.getScore()));
        return bans;
    }

    /** Publishes {@code message} to every node's users listener, this one's included. */
    CompletableFuture<Void> toUsers(String message) {
        return unavailableOnFailure(commands.publish(USERS_CHANNEL, message).thenAccept(nodes -> { }));
    }

    /** Records a ban until {@code endMillis}, for nodes that start while it is in force. */
    CompletableFuture<Void> ban(String user, long endMillis) {
        return unavailableOnFailure(commands.zadd(BANS, (double) endMillis, user).thenAccept(added -> { }));
    }

    /**
     * Records {@code report} (JSON) as the latest figures of {@code node}; the list lives {@code ttlMillis} after the
     * last report of any node, so that a cluster that stopped leaves nothing behind.
     */
    CompletableFuture<Void> reportNode(String node, String report, long ttlMillis) {
        commands.hset(NODES, node, report);
        return unavailableOnFailure(commands.pexpire(NODES, ttlMillis).thenAccept(set -> { }));
    }

    /** Every node's latest report, by node name. */
    CompletableFuture<Map<String, String>> nodeReports() {
        return unavailableOnFailure(commands.hgetall(NODES));
    }

    /** Forgets the reports of nodes that stopped reporting. */
    void forgetNodes(List<String> nodes) {
        if (!nodes.isEmpty()) {
            commands.hdel(NODES, nodes.toArray(String[]::new));
        }
    }

    /**
     * From now on the scripts write each room's events for the webhook receiver into the room's event log, at most
     * {@code perRoom} of them, each log kept {@code keep} after its last event; {@code node} is named as the
     * reporter of the events this node's calls make.
     */
    void keepEvents(int perRoom, Duration keep, String node, Predicate<String> messagesReported) {
        this.messagesReported = messagesReported;
        eventSpec = perRoom + " " + keep.toMillis() + " " + node;
    }

    /** The spec for a post in {@code room}: its message is an event only where messages are reported. */
    private String eventSpec(String room) {
        return messagesReported.test(room) ? eventSpec : "";
    }

    /** Notes that {@code room}'s event log has new events, for the node that sends them. */
    CompletableFuture<Void> eventsWritten(String room) {
        return unavailableOnFailure(commands.zincrby(EVENT_ROOMS, 1, room).thenAccept(score -> { }));
    }

    /** Takes, or renews, the lease on sending the rooms' events for {@code ttlMillis}; true while {@code node} holds it. */
    CompletableFuture<Boolean> holdEventSender(String node, long ttlMillis) {
        return unavailableOnFailure(lease.run(EVENT_SENDER, new String[] {EVENT_SENDER},
                new String[] {node, Long.toString(ttlMillis)})).thenApply(reply -> !reply.isEmpty());
    }

    /**
     * Up to {@code count} rooms with events to send, each with its write count (see settleEvents), picked at random:
     * in the count's order, rooms written often would wait behind every quieter one.
     */
    CompletableFuture<List<ScoredValue<String>>> roomsWithEvents(int count) {
        return unavailableOnFailure(commands.zrandmemberWithScores(EVENT_ROOMS, count));
    }

    /** Up to {@code count} of the room's events, oldest first. */
    CompletableFuture<List<StreamMessage<String, String>>> events(String room, int count) {
        return unavailableOnFailure(commands.xrange(keys(room)[5], Range.create("-", "+"), Limit.from(count)));
    }

    /** Drops events from the room's log: the receiver has them, or they were given up. */
    CompletableFuture<Void> dropEvents(String room, List<String> ids) {
        return unavailableOnFailure(commands.xdel(keys(room)[5], ids.toArray(String[]::new)).thenAccept(gone -> { }));
    }

    /**
     * Takes {@code room} off the rooms with events, unless events were written since its count was read: a write
     * then notes the room again anyway, and the sender reads its log once more.
     */
    CompletableFuture<Void> settleEvents(String room, long writes) {
        return unavailableOnFailure(settle.run(EVENT_ROOMS, new String[] {EVENT_ROOMS},
                new String[] {room, Long.toString(writes)})).thenAccept(reply -> { });
    }

    /** The drafts numbered {@code from} to {@code to}, oldest first, as far as the log still has them. */
    CompletableFuture<List<StreamMessage<String, String>>> range(String room, long from, long to) {
        return onEvents(room, commands.xrange(keys(room)[1], Range.create(from + "-0", to + "-0")));
    }

    /** Up to {@code count} drafts up to number {@code to}, newest first. */
    CompletableFuture<List<StreamMessage<String, String>>> latest(String room, long to, int count) {
        return onEvents(room, commands.xrevrange(keys(room)[1], Range.create("-", to + "-0"), Limit.from(count)));
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        events.close();
    }

    /**
     * {@code stage}'s outcome, completed on the room's events thread, so that what follows runs there too; a failed
     * command as a {@link BrokerUnavailableException}.
     */
    private <T> CompletableFuture<T> onEvents(String room, CompletionStage<T> stage) {
        CompletableFuture<T> handedOver = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> events.forKey(room).execute(() -> {
            if (failure != null) {
                handedOver.completeExceptionally(unavailable(failure));
            } else {
                handedOver.complete(value);
            }
        }));
        return handedOver;
    }

    /** A command's outcome, its failure as a {@link BrokerUnavailableException}. */
    private <T> CompletableFuture<T> unavailableOnFailure(CompletionStage<T> stage) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(unavailable(failure));
            } else {
                answer.complete(value);
            }
        });
        return answer;
    }

    private BrokerUnavailableException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof BrokerUnavailableException known ? known : new BrokerUnavailableException(where(), cause);
    }

    private static View view(List<Object> reply) {
        if (reply.isEmpty()) {
            return null;
        }
        return new View((String) reply.get(0), (Long) reply.get(1), strings(reply, 2), strings(reply, 3),
                strings(reply, 4), logged(reply, 5));
    }

    /** Elements {@code index} and the next as what a script did with the room's events; nothing when absent. */
    private static Logged logged(List<Object> reply, int index) {
        return reply.size() > index + 1 ? new Logged((Long) reply.get(index), (Long) reply.get(index + 1)) : Logged.NOTHING;
    }

    /** Element {@code index} of a script's reply as a list of strings; empty when the script returns fewer. */
    @SuppressWarnings("unchecked")
    private static List<String> strings(List<Object> reply, int index) {
        return reply.size() > index ? List.copyOf((List<String>) reply.get(index)) : List.of();
    }

    private static String channel(String room) {
        return CHANNEL_PREFIX + room;
    }

    private static String[] keys(String room) {
        String prefix = "roomcast:{" + room + "}:";
        return new String[] {prefix + "meta", prefix + "log", prefix + "ids", prefix + "here", prefix + "users",
                prefix + "events"};
    }

    private static String resource(String name) {
        try (InputStream in = RedisBroker.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Lua script. Sent in full every time, but for a post: Redis caches a script by digest anyway, and EVALSHA
     * saves its bytes (3.5 KB of post.lua and its prelude, against a message of a hundred) but can reorder what
     * depends on order: after a NOSCRIPT (first use, a Redis restart, a failover to a replica that never ran it) the
     * retried EVAL goes out behind commands sent later. Posts can take that, since post.lua checks each sender's
     * order itself and refuses a post that overtook an earlier one; presence and the rest are sent in full.
     */
    private final class Script {

        private final String text;
        /** The SHA-1 digest to call it by, or null to send it in full. */
        private final String digest;

        Script(String text) {
            this(text, false);
        }

        Script(String text, boolean byDigest) {
            this.text = text;
            this.digest = byDigest ? sha1(text) : null;
        }

        /** Answered on {@code stripe}'s events thread (a room's name, so that the room's order is kept). */
        CompletableFuture<List<Object>> run(String stripe, String[] keys, String[] args) {
            if (digest == null) {
                return onEvents(stripe, commands.<List<Object>>eval(text, ScriptOutputType.MULTI, keys, args));
            }
            CompletionStage<List<Object>> called = commands.<List<Object>>evalsha(digest, ScriptOutputType.MULTI, keys, args)
                    .handle((reply, failure) -> failure == null ? CompletableFuture.completedFuture(reply)
                            : failure instanceof RedisNoScriptException || failure.getCause() instanceof RedisNoScriptException
                            ? commands.<List<Object>>eval(text, ScriptOutputType.MULTI, keys, args)
                            : CompletableFuture.<List<Object>>failedFuture(failure))
                    .thenCompose(stage -> stage);
            return onEvents(stripe, called);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
