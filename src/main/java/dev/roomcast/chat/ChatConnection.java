package dev.roomcast.chat;

import dev.roomcast.registry.Outbox;
import dev.roomcast.room.Member;
import dev.roomcast.security.Identity;
import dev.roomcast.security.TokenBucket;
import jakarta.websocket.CloseReason;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * One chat connection: its identity (from the handshake, see {@link Identity}, or a later {@code refresh} for the
 * same user), its outbox, the rooms it is in, and its rate limit. The user never comes from a message.
 */
public final class ChatConnection implements Member {

    private static final System.Logger LOG = System.getLogger(ChatConnection.class.getName());

    /** The window in which refused messages add up towards closing the connection for abuse. */
    static final long ABUSE_WINDOW_NANOS = 10_000_000_000L;

    private final Outbox outbox;
    /** Replaced by a {@code refresh}, for the same user. */
    private volatile Identity identity;
    /** The token's expiry timers (warning, close), replaced by a refresh; owned by the chat service. */
    private List<ScheduledFuture<?>> expiry = List.of();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final TokenBucket rate;
    private final Instant connectedAt = Instant.now();
    private volatile long lastHeard;
    private int refusals;
    private long refusalsSince;
    /**
     * The last step of the connection's turn: the message that takes effect before the next one may. Done at once
     * for most messages; a message the backend must decide on first holds the turn until its answer is acted on.
     */
    private CompletableFuture<?> turn = CompletableFuture.completedFuture(null);

    ChatConnection(Outbox outbox, Identity identity, TokenBucket rate, long now) {
        this.outbox = outbox;
        this.identity = identity;
        this.rate = rate;
        this.lastHeard = now;
    }

    @Override
    public String id() {
        return outbox.session().getId();
    }

    @Override
    public String user() {
        return identity.user();
    }

    Instant connectedAt() {
        return connectedAt;
    }

    Identity identity() {
        return identity;
    }

    /** Takes a refreshed token's identity (same user) and its expiry timers, cancelling the previous ones. */
    synchronized void renew(Identity renewed, List<ScheduledFuture<?>> timers) {
        identity = renewed;
        expiry.forEach(timer -> timer.cancel(false));
        expiry = timers;
    }

    /** Cancels the expiry timers of a connection that has gone. */
    synchronized void ended() {
        expiry.forEach(timer -> timer.cancel(false));
        expiry = List.of();
    }

    /** Whether the connection's token allows {@code room}. */
    boolean mayUse(String room) {
        return identity.mayUse(room);
    }

    @Override
    public void deliver(String json) {
        outbox.offer(json);
    }

    @Override
    public void deliverAll(List<String> json) {
        outbox.offerAll(json);
    }

    @Override
    public void reconnect(String why) {
        outbox.closeAfterQueued(new CloseReason(CloseReason.CloseCodes.SERVICE_RESTART, why));
    }

    Outbox outbox() {
        return outbox;
    }

    Set<String> rooms() {
        return rooms;
    }

    /**
     * Runs {@code step} once every earlier step of this connection has taken effect: now, on the caller's thread,
     * when none is pending (the common case, and all of it for a server without proxies), else on the thread that
     * completes the step before it. A step that fails is logged and the turn goes on.
     */
    synchronized void inTurn(Supplier<CompletionStage<?>> step) {
        turn = turn.isDone() ? run(step) : turn.thenCompose(previous -> run(step));
    }

    private static CompletableFuture<?> run(Supplier<CompletionStage<?>> step) {
        try {
            return step.get().toCompletableFuture().exceptionally(failure -> {
                LOG.log(System.Logger.Level.ERROR, "a chat message failed to take effect", failure);
                return null;
            });
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "a chat message failed to take effect", failure);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Anything from the client, a pong frame included, shows it is alive. */
    public void heard(long now) {
        lastHeard = now;
    }

    long lastHeard() {
        return lastHeard;
    }

    /**
     * Milliseconds to wait before the next message is allowed, or 0 if it is allowed now. Refusals are
     * counted per {@link #ABUSE_WINDOW_NANOS}, whatever was allowed in between.
     */
    synchronized long admit(long now) {
        long wait = rate.tryTake(now);
        if (wait > 0) {
            if (now - refusalsSince > ABUSE_WINDOW_NANOS) {
                refusals = 0;
                refusalsSince = now;
            }
            refusals++;
        }
        return wait;
    }

    /** Refused messages in the current window. */
    synchronized int refusals() {
        return refusals;
    }
}
