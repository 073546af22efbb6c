package dev.roomcast.cluster;

import dev.roomcast.registry.LocalUsers;
import dev.roomcast.registry.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Users} across the cluster: every call is published on Redis's users channel, and every node (this one
 * too) acts on its own connections through {@link LocalUsers} when it hears it. A ban is also kept in Redis
 * until it ends, so that a node that starts meanwhile enforces it as well. A node cut off from Redis when a
 * call is published misses it: a message does not reach that node's connections, and a disconnect does not
 * close them (a ban still reaches it from Redis when it next starts).
 */
@ApplicationScoped
@Typed(RedisUsers.class)
public class RedisUsers implements Users {

    @Inject
    LocalUsers local;

    private RedisBroker broker;

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
    public long banSecondsLeft(String user) {
        return local.banSecondsLeft(user);
    }

    /** {@code s <user>\n<json>} or {@code d <ban end ms, 0 for none> <user>\n<reason>}. */
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
        }
    }
}
