package dev.roomcast.cluster;

import dev.roomcast.backend.Node;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonCodec;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.registry.LocalUsers;
import dev.roomcast.registry.NodeReport;
import dev.roomcast.registry.Nodes;
import dev.roomcast.registry.UserConnection;
import dev.roomcast.registry.UserLookup;
import dev.roomcast.registry.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * {@link Users} across the cluster: every call is published on Redis's users channel, and every node (this one
 * too) acts on its own connections through {@link LocalUsers} when it hears it. A ban is also kept in Redis
 * until it ends, so that a node that starts meanwhile enforces it as well. A node cut off from Redis when a
 * call is published misses it: a message does not reach that node's connections, and a disconnect does not
 * close them (a ban still reaches it from Redis when it next starts).
 *
 * <p>A lookup of a user's connections is asked on the same channel, and every node in the {@linkplain Nodes node
 * list} answers there with its own; the asking node waits for them all, at most {@link #LOOKUP_PATIENCE}, and names
 * the nodes that did not answer.
 */
@ApplicationScoped
@Typed(RedisUsers.class)
public class RedisUsers implements Users {

    /** How long a lookup waits for the other nodes' answers; a node that answers later is named as unanswered. */
    static final Duration LOOKUP_PATIENCE = Duration.ofSeconds(2);

    private final JsonEncoder encoder = new JsonEncoder();
    /** Lookups this node asked and is collecting answers for, by id. */
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

    @Inject
    LocalUsers local;

    @Inject
    Nodes nodes;

    @Inject
    Scheduler scheduler;

    private RedisBroker broker;

    /** One lookup's answers as they come, from whichever thread hears them; guarded by itself. */
    private static final class Lookup {
        private final String user;
        private final Set<String> waitingFor;
        private final List<UserConnection> found = new ArrayList<>();
        private final CompletableFuture<UserLookup> done = new CompletableFuture<>();

        Lookup(String user, Set<String> nodes) {
            this.user = user;
            this.waitingFor = new HashSet<>(nodes);
        }

        synchronized void answered(String node, List<UserConnection> connections) {
            if (waitingFor.remove(node)) {
                found.addAll(connections);
            }
            if (waitingFor.isEmpty()) {
                finish();
            }
        }

        synchronized void finish() {
            found.sort(Comparator.comparing(UserConnection::node).thenComparing(UserConnection::connectedAt));
            done.complete(new UserLookup(user, found, waitingFor.stream().sorted().toList()));
        }
    }

    /** Listens to the users' channel and takes over the bans in force. */
    void connect(RedisBroker broker) {
        this.broker = broker;
        broker.listenToUsers(this::heard).forEach(local::ban);
    }

    @Override
    public CompletionStage<Void> send(String user, String json) {
        return broker.toUsers("s " + user + '\n' + json);
    }

    @Override
    public CompletionStage<Void> disconnect(String user, String reason, Duration ban) {
        long end = ban.isZero() ? 0 : System.currentTimeMillis() + ban.toMillis();
        CompletionStage<Void> recorded = end == 0 ? CompletableFuture.completedFuture(null) : broker.ban(user, end);
        return recorded.thenCompose(ignored -> broker.toUsers("d " + end + ' ' + user + '\n' + reason));
    }

    @Override
    public CompletionStage<UserLookup> connections(String user) {
        return nodes.list().thenCompose(cluster -> {
            String id = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Lookup lookup = new Lookup(user, cluster.stream().map(NodeReport::node).collect(Collectors.toSet()));
            lookups.put(id, lookup);
            ScheduledFuture<?> patience = scheduler.after(LOOKUP_PATIENCE, lookup::finish);
            lookup.done.whenComplete((answer, failure) -> {
                lookups.remove(id);
                patience.cancel(false);
            });
            broker.toUsers("w " + id + ' ' + user + '\n').whenComplete((sent, failure) -> {
                if (failure != null) {
                    lookup.done.completeExceptionally(failure);
                }
            });
            return lookup.done;
        });
    }

    @Override
    public long banSecondsLeft(String user) {
        return local.banSecondsLeft(user);
    }

    /**
     * {@code s <user>\n<json>}, {@code d <ban end ms, 0 for none> <user>\n<reason>}, a lookup {@code w <id> <user>\n}
     * or a node's answer to one, {@code r <id> <node>\n<its connections as a JSON array>}.
     */
    private void heard(String message) {
        int newline = message.indexOf('\n');
        if (newline < 0) {
            return;
        }
        String head = message.substring(0, newline);
        String body = message.substring(newline + 1);
        if (head.startsWith("s ")) {
            local.send(head.substring(2), body);
        } else if (head.startsWith("d ")) {
            String[] parts = head.split(" ", 3);
            long end = Long.parseLong(parts[1]);
            if (end > 0) {
                local.ban(parts[2], end);
            }
            local.close(parts[2], body);
        } else if (head.startsWith("w ")) {
            String[] parts = head.split(" ", 3);
            local.connections(parts[2]).thenAccept(here -> broker.toUsers("r " + parts[1] + ' ' + Node.NAME + '\n'
                    + here.connections().stream().map(encoder::encode).collect(Collectors.joining(",", "[", "]"))));
        } else if (head.startsWith("r ")) {
            String[] parts = head.split(" ", 3);
            Lookup lookup = lookups.get(parts[1]);
            if (lookup != null) {
                lookup.answered(parts[2], connectionsIn(body));
            }
        }
    }

    /** The connections in a node's answer; none if it is not a list of them (a node of another version). */
    private static List<UserConnection> connectionsIn(String json) {
        List<UserConnection> connections = new ArrayList<>();
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            for (JsonValue item : reader.readArray()) {
                connections.add(JsonCodec.decode(item.asJsonObject(), UserConnection.class));
            }
        } catch (JsonException | ClassCastException | InvalidMessageException notAnAnswer) {
            return List.of();
        }
        return connections;
    }
}
