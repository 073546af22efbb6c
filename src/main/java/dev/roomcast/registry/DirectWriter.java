package dev.roomcast.registry;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A session's socket, written to directly, for a runtime that owns its sockets (the standalone server). It
 * takes several texts at once and sends them in one write: for small messages the system call, not the Java
 * code, is most of a delivery's price (docs/PERFORMANCE.md), so a client that has fallen a few messages
 * behind catches up for the price of one. The portable API has batching ({@code setBatchingAllowed}), but
 * Tyrus ignores it.
 *
 * <p>Its only caller is the session's {@link Outbox}, one write at a time, as with the remote endpoint, and
 * on its {@link #writeThread()}.
 */
public interface DirectWriter {

    /** Writes {@code texts} as text frames, in order, in one write; {@code done} hears once, for all of them. */
    void write(List<String> texts, SendHandler done);

    /**
     * The thread that writes for this session, and in turn for many others. Texts that arrive while it
     * is busy with the others wait, and go out together on the session's next turn.
     */
    Executor writeThread();

    /**
     * Finds a session's direct writer when it opens. A runtime that has them provides this as a CDI bean;
     * on an application server there is none, and outboxes write through the remote endpoint.
     */
    interface Source {

        /** The direct writer of {@code session}, which is opening on this thread, or null if it has none. */
        DirectWriter of(Session session);
    }
}
