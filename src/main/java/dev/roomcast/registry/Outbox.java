package dev.roomcast.registry;

import dev.roomcast.container.Pings;
import io.micrometer.core.instrument.Counter;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one and only writer of a session's {@link RemoteEndpoint}.
 *
 * <p>Any thread may {@link #offer} text; it waits in a bounded queue and goes out one message at a time
 * through the asynchronous remote endpoint, so a client that reads slowly only ever fills its own queue
 * and never blocks the thread that broadcasts. When the queue is full the client is closed with 1013
 * (try again later) and can resume from history; everyone else keeps their pace.
 *
 * <p>Ownership of the remote endpoint is handed over through {@code pending}, the count of queue entries
 * waiting or in flight: the thread that raises it from 0 to 1 becomes the writer and keeps writing until it
 * brings it back to 0. A write that completes inline (the container had room in its socket buffer) continues
 * in the loop instead of recursing, so a long queue cannot overflow the stack.
 *
 * <p>Where the runtime offers a {@link DirectWriter}, writing happens on its write thread instead: the thread
 * that raises {@code pending} from 0 to 1 hands the outbox to it, and each turn there writes every text
 * waiting (up to {@link #BATCH_TEXTS}) in one write, then, if more came meanwhile, goes to the back of the
 * line. So the busier the server, the more texts share a system call (smart batching), with no timer and
 * no delay when it is quiet. Otherwise every text is one write through the remote endpoint.
 */
public final class Outbox {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    private static final int WRITING = 0;
    private static final int WRITE_RETURNED = 1;
    private static final int WRITE_COMPLETED = 2;

    static final CloseReason SHUTTING_DOWN = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down");

    private static final Runnable ENDED = () -> { };

    /** Queued in place of a text to send a ping frame in turn with the texts (see {@link #ping()}). */
    private static final Object PING = new Object();
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap("roomcast".getBytes(StandardCharsets.US_ASCII));
    /**
     * The most texts, and about the most characters, that one direct write carries: past a few dozen small
     * frames a write costs no less per frame (docs/PERFORMANCE.md, the floor), and a bound keeps its buffer small.
     */
    private static final int BATCH_TEXTS = 64;
    private static final int BATCH_CHARS = 16 * 1024;

    /** Several texts that take one place in the queue (see {@link #offerAll}). */
    private record Replay(List<String> texts) {
    }

    private final Session session;
    private final RemoteEndpoint.Async remote;
    /** Null where the runtime has none: then every text goes through {@code remote}. */
    private final DirectWriter direct;
    private final int limit;
    /**
     * Texts, and in their turn: {@link #PING}, a {@link Replay}, or a {@link CloseReason} that closes the
     * session once everything before it is written (see {@link #closeAfterQueued}).
     */
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger writeState = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** What to do when the session is gone ({@link #whenGone}); {@link #ENDED} once it has been done. */
    private final AtomicReference<Runnable> teardown = new AtomicReference<>();
    private final Runnable writeTurn = this::writeUntilEmpty;
    /** A replay being written; owned by the writer, like the remote endpoint. */
    private Iterator<String> replay;
    /** How many queue entries the write in flight finishes; owned by the writer. */
    private int finishing;
    /**
     * How many texts the write in flight carries, counted as delivered when it completes; written by the writer
     * before the write, read by its completion, which the container runs after it.
     */
    private int inFlightTexts;
    /** Set once the registry has let the session go; nothing more is accepted. */
    private volatile boolean gone;
    /** Set once a close waits in the queue behind the last messages; nothing more is accepted. */
    private final AtomicBoolean closeQueued = new AtomicBoolean();
    /** The close this server sent or queued first; written once, by whichever close came first. */
    private volatile CloseReason serverClose;

    private final Meters meters;

    /**
     * What every outbox counts, shared by all of them: the texts written to clients (a write the container
     * completed; what is queued, or dropped with a closing connection, is not counted), and who was closed for
     * being slow.
     */
    record Meters(Counter delivered, Counter slowClosed) {
    }

    Outbox(Session session, DirectWriter direct, int limit, Meters meters) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.direct = direct;
        this.limit = limit;
        this.meters = meters;
    }

    /** Entries waiting to be written (a replay counts once). */
    int queued() {
        return pending.get();
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
        // Raised before the close is queued, so that what is offered from now on is refused rather than queued
        // behind it. A text whose offer read the flag just before may still land behind the close: it is accepted,
        // never written, and not counted as delivered.
        if (!closed.get() && !closeQueued.getAndSet(true)) {
            serverClose = reason;
            append(reason);
        }
    }

    private boolean enqueue(Object item) {
        if (gone || closed.get() || closeQueued.get()) {
            return false;
        }
        return append(item);
    }

    private boolean append(Object item) {
        queue.add(item);
        int waiting = pending.incrementAndGet();
        if (waiting > limit) {
            meters.slowClosed().increment();
            close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow: send queue full"));
            return false;
        }
        if (waiting == 1) {
            startWriting();
        }
        return true;
    }

    /**
     * Registers what the owner of the connection's state does when the session is gone (the chat service leaves
     * its rooms and cancels its timers), once, whichever way it goes: run by {@link #ended()}, or at once if that
     * has happened already. Called once per outbox.
     */
    public void whenGone(Runnable task) {
        if (!teardown.compareAndSet(null, task)) {
            task.run(); // ended before its owner got here
        }
    }

    /**
     * The session is gone (the registry removed it): nothing more is accepted, and the owner's teardown runs, once.
     * What was queued before still goes to the container, which writes it if it can: an answer to a message that
     * came right before the client's close frame belongs before the server's (CloseOrderIT). A runtime's direct
     * writer refuses what would follow a close frame. The session itself is not closed here: it is closed already,
     * or closing.
     */
    void ended() {
        gone = true;
        Runnable task = teardown.getAndSet(ENDED);
        if (task != null && task != ENDED) {
            task.run();
        }
    }

    /** The close this server sent or queued first, for the log; null while none, or when the client closed. */
    public CloseReason serverClose() {
        return serverClose;
    }

    /** Closes the session once, whoever asks first; later calls do nothing. */
    public void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (serverClose == null) {
            serverClose = reason;
        }
        queue.clear();
        try {
            session.close(reason);
        } catch (IOException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "session {0} was already gone: {1}", session.getId(), e);
        }
    }

    private void startWriting() {
        if (direct == null) {
            writeUntilEmpty();
        } else {
            nextTurn();
        }
    }

    /** Puts this outbox in line on its direct writer's thread; a server that has stopped it ends the session. */
    private void nextTurn() {
        try {
            direct.writeThread().execute(writeTurn);
        } catch (RejectedExecutionException stopped) {
            close(SHUTTING_DOWN);
        }
    }

    private void writeUntilEmpty() {
        do {
            finishing = 0;
            Object item = take();
            if (item == null) {
                return; // close() emptied the queue under us
            }
            writeState.set(WRITING);
            try {
                if (item instanceof CloseReason reason) {
                    close(reason);
                    return;
                } else if (item == PING) {
                    inFlightTexts = 0;
                    Pings.send(session, PING_PAYLOAD.duplicate(), this::written); // never blocks, on any runtime
                } else if (direct != null) {
                    List<String> batch = batchFrom((String) item);
                    inFlightTexts = batch.size();
                    direct.write(batch, this::written);
                } else {
                    inFlightTexts = 1;
                    remote.sendText((String) item, this::written);
                }
            } catch (IOException | RuntimeException refused) {
                // The container refuses the write: the session is closing, or (Payara) its own write queue for
                // this client is full. Either way it is this session's problem and must never reach the thread
                // that is broadcasting to everyone; a client we cannot write to is treated as too slow.
                LOG.log(System.Logger.Level.DEBUG, "session {0} refused a write: {1}", session.getId(), refused);
                meters.slowClosed().increment();
                close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow: write refused"));
                return;
            }
            if (writeState.compareAndSet(WRITING, WRITE_RETURNED)) {
                return; // written() runs later, on another thread, and carries on from there
            }
        } while (moreAfterWrite());
    }

    /**
     * The next thing to write: the rest of the replay being written, else the head of the queue. Counts in
     * {@code finishing} the queue entry it completes; a replay is one entry, complete with its last text.
     */
    private Object take() {
        if (replay == null) {
            Object item = queue.poll();
            if (!(item instanceof Replay batch)) {
                finishing += item == null ? 0 : 1;
                return item;
            }
            replay = batch.texts().iterator();
        }
        String text = replay.next();
        if (!replay.hasNext()) {
            replay = null;
            finishing++;
        }
        return text;
    }

    /** {@code first} and the texts queued right behind it, within the bounds of one direct write. */
    private List<String> batchFrom(String first) {
        List<String> texts = new ArrayList<>();
        texts.add(first);
        int chars = first.length();
        while (texts.size() < BATCH_TEXTS && chars < BATCH_CHARS
                && (replay != null || queue.peek() instanceof String || queue.peek() instanceof Replay)) {
            if (!(take() instanceof String text)) {
                break; // close() emptied the queue under us
            }
            texts.add(text);
            chars += text.length();
        }
        return texts;
    }

    /**
     * After a write, whether the caller writes on: something is left (entries the write did not finish, or
     * new ones) and there is no direct writer. With one, the rest waits for another turn on its write thread.
     */
    private boolean moreAfterWrite() {
        if (closed.get() || pending.addAndGet(-finishing) == 0) {
            return false;
        }
        if (direct == null) {
            return true;
        }
        nextTurn();
        return false;
    }

    private void written(SendResult result) {
        if (!result.isOK()) {
            LOG.log(System.Logger.Level.DEBUG, "send to session {0} failed: {1}", session.getId(),
                    result.getException());
            close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed"));
            return;
        }
        meters.delivered().increment(inFlightTexts);
        if (writeState.compareAndSet(WRITING, WRITE_COMPLETED)) {
            return; // completed inline: writeUntilEmpty() is still on the stack and continues
        }
        if (moreAfterWrite()) {
            writeUntilEmpty();
        }
    }
}
