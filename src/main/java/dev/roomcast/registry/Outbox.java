package dev.roomcast.registry;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one and only writer of a session's {@link RemoteEndpoint}.
 *
 * <p>Any thread may {@link #offer} text; it waits in a bounded queue and goes out one message at a time
 * through the asynchronous remote endpoint, so a client that reads slowly only ever fills its own queue
 * and never blocks the thread that broadcasts. When the queue is full the client is closed with 1013
 * (try again later) and can resume from history; everyone else keeps their pace.
 *
 * <p>Ownership of the remote endpoint is handed over through {@code pending}, the count of messages queued
 * or in flight: the thread that raises it from 0 to 1 becomes the writer and keeps writing until it brings
 * it back to 0. A write that completes inline (the container had room in its socket buffer) continues in
 * the loop instead of recursing, so a long queue cannot overflow the stack.
 */
public final class Outbox {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    private static final int WRITING = 0;
    private static final int WRITE_RETURNED = 1;
    private static final int WRITE_COMPLETED = 2;

    /** Queued in place of a text to send a ping frame in turn with the texts (see {@link #ping()}). */
    private static final Object PING = new Object();
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap("roomcast".getBytes(StandardCharsets.US_ASCII));

    /** Several texts that take one place in the queue (see {@link #offerAll}). */
    private record Replay(List<String> texts) {
    }

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final int limit;
    /**
     * Texts, and in their turn: {@link #PING}, a {@link Replay}, or a {@link CloseReason} that closes the
     * session once everything before it is written (see {@link #closeAfterQueued}).
     */
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger writeState = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A replay being written; owned by the writer, like the remote endpoint. */
    private Iterator<String> replay;
    /** Set once a close waits in the queue behind the last messages; nothing more is accepted. */
    private volatile boolean closeQueued;

    Outbox(Session session, int limit) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.limit = limit;
    }

    public Session session() {
        return session;
    }

    /**
     * Queues {@code text} for this session. Returns false, and closes the session with 1013, when the
     * client has fallen {@code limit} messages behind; returns false when the session is already closing.
     */
    public boolean offer(String text) {
        return enqueue(text);
    }

    /**
     * Queues {@code texts} (a room's replay) as one entry, written in order before anything queued after it.
     * It counts once against the limit: a replay is as long as the history a client missed, and must not make
     * a client that reads perfectly well look too slow.
     */
    public boolean offerAll(List<String> texts) {
        return texts.isEmpty() || enqueue(new Replay(List.copyOf(texts)));
    }

    /**
     * Queues a ping frame. It goes through the same single writer as the texts, because a container may
     * throw when a control frame is written while a text is still in flight.
     */
    public boolean ping() {
        return enqueue(PING);
    }

    /**
     * Closes the session once everything already queued has been written, so that the client still gets
     * the answers that explain the close (the {@code rate_limited} errors before a 1008, say). A client too
     * slow to take them is closed by the queue limit as usual.
     */
    public void closeAfterQueued(CloseReason reason) {
        if (enqueue(reason)) {
            closeQueued = true;
        }
    }

    private boolean enqueue(Object item) {
        if (closed.get() || closeQueued) {
            return false;
        }
        queue.add(item);
        int waiting = pending.incrementAndGet();
        if (waiting > limit) {
            close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow: send queue full"));
            return false;
        }
        if (waiting == 1) {
            writeUntilEmpty();
        }
        return true;
    }

    /** Closes the session once, whoever asks first; later calls do nothing. */
    public void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        try {
            session.close(reason);
        } catch (IOException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "session {0} was already gone: {1}", session.getId(), e);
        }
    }


    private void writeUntilEmpty() {
        do {
            Object item = next();
            if (item == null) {
                return; // close() emptied the queue under us
            }
            writeState.set(WRITING);
            try {
                if (item instanceof CloseReason reason) {
                    close(reason);
                    return;
                } else if (item == PING) {
                    remote.sendPing(PING_PAYLOAD.duplicate());
                    writeState.set(WRITE_COMPLETED); // sendPing has no callback: it is done when it returns
                } else {
                    remote.sendText((String) item, this::written);
                }
            } catch (IOException | RuntimeException refused) {
                // The container refuses the write: the session is closing, or (Payara) its own write queue for
                // this client is full. Either way it is this session's problem and must never reach the thread
                // that is broadcasting to everyone; a client we cannot write to is treated as too slow.
                LOG.log(System.Logger.Level.DEBUG, "session {0} refused a write: {1}", session.getId(), refused);
                close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow: write refused"));
                return;
            }
            if (writeState.compareAndSet(WRITING, WRITE_RETURNED)) {
                return; // written() runs later, on another thread, and carries on from there
            }
        } while (!closed.get() && moreAfterOneWrite());
    }

    /** The next thing to write: the rest of the replay being written, else the head of the queue. */
    private Object next() {
        if (replay != null && replay.hasNext()) {
            return replay.next();
        }
        Object item = queue.poll();
        if (item instanceof Replay batch) {
            replay = batch.texts().iterator();
            return replay.next();
        }
        return item;
    }

    /** After one write, whether there is more: a replay is one queue entry until its last text is out. */
    private boolean moreAfterOneWrite() {
        if (replay != null && replay.hasNext()) {
            return true;
        }
        replay = null;
        return pending.decrementAndGet() > 0;
    }

    private void written(SendResult result) {
        if (!result.isOK()) {
            LOG.log(System.Logger.Level.DEBUG, "send to session {0} failed: {1}", session.getId(),
                    result.getException());
            close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed"));
            return;
        }
        if (writeState.compareAndSet(WRITING, WRITE_COMPLETED)) {
            return; // completed inline: writeUntilEmpty() is still on the stack and continues
        }
        if (!closed.get() && moreAfterOneWrite()) {
            writeUntilEmpty();
        }
    }
}
