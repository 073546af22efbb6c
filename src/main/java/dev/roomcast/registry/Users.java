package dev.roomcast.registry;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Reaches users wherever they are connected, for the application (the server API): one node alone through its
 * own {@link SessionRegistry} ({@link LocalUsers}), a cluster through its broker, so that a call to any node acts
 * on every node.
 */
public interface Users {

    /** Queues {@code json} for every open chat connection of {@code user}, on every node. */
    CompletionStage<Void> send(String user, String json);

    /** RFC 6455 allows a close reason of 123 bytes (UTF-8). */
    int MAX_REASON_BYTES = 123;

    /**
     * Closes every chat connection of {@code user}, on every node, with {@link LocalUsers#DISCONNECTED} and
     * {@code reason} (at most {@link #MAX_REASON_BYTES}); for a {@code ban} longer than zero, their handshakes are refused with 403 until it ends.
     */
    CompletionStage<Void> disconnect(String user, String reason, Duration ban);

    /** {@code user}'s chat connections on every node, each with its rooms. */
    CompletionStage<UserLookup> connections(String user);

    /** Whole seconds left of {@code user}'s ban, as this node knows it; 0 when there is none. */
    long banSecondsLeft(String user);
}
