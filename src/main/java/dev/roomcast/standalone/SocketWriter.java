package dev.roomcast.standalone;

import dev.roomcast.registry.DirectWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Writes one upgraded connection's frames to its Grizzly connection: Tyrus's frames (pings, pongs, closes)
 * and, as a {@link DirectWriter}, several of the session's texts framed here in one write. Grizzly's own
 * write queue keeps each write whole, whichever thread makes it.
 *
 * <p>Both kinds are written on the connection's write thread, in the order they were asked for. The texts'
 * outbox hands itself to that thread as soon as something is queued, so a close that Tyrus writes after a
 * message was queued (its 1002 for a bad frame read right behind a good one, or its answer to the client's
 * close) goes out after that message's batch, not ahead of it; and the connection is closed after both.
 */
final class SocketWriter extends Writer implements DirectWriter {

    /** The writer of the connection whose session Tyrus is opening on this thread (see {@link #opening}). */
    private static final ThreadLocal<SocketWriter> OPENING = new ThreadLocal<>();

    private static final byte FIN_TEXT = (byte) 0x81;
    private static final int CLOSE_OPCODE = 0x8;

    private final Connection<?> connection;
    private final Executor writeThread;
    /** Set on the write thread, read there only: the connection's close frame has gone out. */
    private boolean closeFrameWritten;

    SocketWriter(Connection<?> connection, Executor writeThread) {
        this.connection = connection;
        this.writeThread = writeThread;
    }

    /**
     * Runs {@code open}, during which Tyrus calls the endpoint's {@code @OnOpen} on this thread, with
     * {@code writer} as the opening session's direct writer, for {@link OpeningSessions} to hand out.
     */
    static <T> T opening(SocketWriter writer, Supplier<T> open) {
        OPENING.set(writer);
        try {
            return open.get();
        } finally {
            OPENING.remove();
        }
    }

    @Override
    public void write(ByteBuffer frame, CompletionHandler<ByteBuffer> done) {
        EmptyCompletionHandler<WriteResult> written = new EmptyCompletionHandler<>() {
            @Override
            public void completed(WriteResult result) {
                done.completed(frame);
            }

            @Override
            public void failed(Throwable failure) {
                done.failed(failure);
            }
        };
        try {
            writeThread.execute(() -> write(frame, written));
        } catch (RejectedExecutionException stopped) {
            written.failed(stopped);
        }
    }

    @Override
    public void write(List<String> texts, SendHandler done) {
        write(frames(texts), new EmptyCompletionHandler<>() {
            @Override
            public void completed(WriteResult result) {
                done.onResult(new SendResult());
            }

            @Override
            public void failed(Throwable failure) {
                done.onResult(new SendResult(failure));
            }
        });
    }

    @Override
    public Executor writeThread() {
        return writeThread;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void write(ByteBuffer bytes, EmptyCompletionHandler<WriteResult> done) {
        if (!connection.isOpen() || closeFrameWritten) {
            // Nothing may follow a close frame (RFC 6455, section 5.5.1): a batch of texts that the outbox had
            // queued when Tyrus answered the client's close is dropped here, not written after it.
            done.failed(new IllegalStateException(closeFrameWritten ? "the close frame is written" : "connection closed"));
            return;
        }
        if (bytes.remaining() > 0 && (bytes.get(bytes.position()) & 0x0F) == CLOSE_OPCODE) {
            closeFrameWritten = true; // Tyrus's frames start at a frame boundary, and a close is never batched
        }
        ((Connection) connection).write(Buffers.wrap(connection.getMemoryManager(), bytes), done);
    }

    /** Closes the connection after every write asked for before, on the write thread like them. */
    @Override
    public void close() {
        try {
            writeThread.execute(connection::closeSilently);
        } catch (RejectedExecutionException stopped) {
            connection.closeSilently();
        }
    }

    /** Server-to-client text frames (RFC 6455, section 5.2): final, unmasked, no extensions. */
    private static ByteBuffer frames(List<String> texts) {
        byte[][] payloads = new byte[texts.size()][];
        int size = 0;
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = texts.get(i).getBytes(StandardCharsets.UTF_8);
            int length = payloads[i].length;
            size += (length < 126 ? 2 : length <= 0xFFFF ? 4 : 10) + length;
        }
        ByteBuffer frames = ByteBuffer.allocate(size);
        for (byte[] payload : payloads) {
            frames.put(FIN_TEXT);
            if (payload.length < 126) {
                frames.put((byte) payload.length);
            } else if (payload.length <= 0xFFFF) {
                frames.put((byte) 126).putShort((short) payload.length);
            } else {
                frames.put((byte) 127).putLong(payload.length);
            }
            frames.put(payload);
        }
        return frames.flip();
    }

    /**
     * Hands each session opened by this server its connection's writer. Tyrus opens a session inside
     * {@code createConnection}, on the thread that answers the upgrade, so the writer travels in a
     * thread-local for exactly that call. A session with a negotiated extension (none is offered today)
     * keeps Tyrus's own framing, which applies it.
     */
    @ApplicationScoped
    static class OpeningSessions implements DirectWriter.Source {

        @Override
        public DirectWriter of(Session session) {
            return session.getNegotiatedExtensions().isEmpty() ? OPENING.get() : null;
        }
    }
}
