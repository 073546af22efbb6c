package dev.roomcast.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Users} on this node: the chat sessions the {@link SessionRegistry} holds for a user, and the bans this
 * node enforces at the handshake. A single node uses it as it is; a clustered one delivers through it what the
 * broker brings from any node.
 */
@ApplicationScoped
@Typed({LocalUsers.class})
public class LocalUsers implements Users {

    /** The close code of a connection the application disconnected (docs/PROTOCOL.md); clients do not reconnect. */
    public static final CloseReason.CloseCode DISCONNECTED = CloseReason.CloseCodes.getCloseCode(4003);

    /** User -> end of their ban, in ms since the epoch. Entries go when the user next tries after it. */
    private final Map<String, Long> bans = new ConcurrentHashMap<>();

    @Inject
    SessionRegistry registry;

    @Inject
    ChatConnections chat;

    @Override
    public CompletionStage<Void> send(String user, String json) {
        registry.outboxesOf(user).forEach(outbox -> outbox.offer(json));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> disconnect(String user, String reason, Duration ban) {
        if (!ban.isZero()) {
            ban(user, System.currentTimeMillis() + ban.toMillis());
        }
        close(user, reason);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<UserLookup> connections(String user) {
        return CompletableFuture.completedFuture(new UserLookup(user, chat.of(user), List.of()));
    }

    @Override
    public long banSecondsLeft(String user) {
        Long end = bans.get(user);
        if (end == null) {
            return 0;
        }
        long left = end - System.currentTimeMillis();
        if (left <= 0) {
            bans.remove(user, end);
            return 0;
        }
        return (left + 999) / 1000;
    }

    /** Refuses {@code user}'s handshakes on this node until {@code endMillis}. */
    public void ban(String user, long endMillis) {
        bans.merge(user, endMillis, Math::max);
    }

    /** Closes this node's chat sessions of {@code user}, after what is already queued for them. */
    public void close(String user, String reason) {
        CloseReason close = new CloseReason(DISCONNECTED, reason);
        registry.outboxesOf(user).forEach(outbox -> outbox.closeAfterQueued(close));
    }
}
