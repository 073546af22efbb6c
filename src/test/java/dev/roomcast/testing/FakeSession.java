package dev.roomcast.testing;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket session without a container, for the unit tests of what sits behind the endpoints (the outbox, the
 * registry, the chat service). Its asynchronous remote endpoint records every text and ping in order; a write
 * completes at once ({@link #completeAtOnce}, a client with room in its socket buffer) or waits until the test
 * completes it ({@link #completeNext}, a client that has stopped reading). It counts writes in flight, so that a
 * test sees two at once, which a real container refuses.
 */
public final class FakeSession {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id = "fake-" + IDS.incrementAndGet();
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final Queue<SendHandler> waiting = new ConcurrentLinkedQueue<>();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private final Map<String, Object> userProperties = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean completeAtOnce = true;
    private volatile boolean open = true;
    private volatile boolean overlapped;
    private volatile int maxTextBytes = 64 * 1024;
    private final Session session;

    public FakeSession() {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendText" -> {
                        write((String) args[0], (SendHandler) args[1]);
                        yield null;
                    }
                    case "sendPing" -> {
                        written.add("<ping>");
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getAsyncRemote" -> remote;
                    case "isOpen" -> open;
                    case "close" -> {
                        closes.add(args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
                                : (CloseReason) args[0]);
                        open = false;
                        yield null;
                    }
                    case "getUserProperties" -> userProperties;
                    case "getNegotiatedExtensions" -> List.of();
                    case "setMaxTextMessageBufferSize" -> {
                        maxTextBytes = (Integer) args[0];
                        yield null;
                    }
                    case "getMaxTextMessageBufferSize" -> maxTextBytes;
                    case "setMaxBinaryMessageBufferSize", "setMaxIdleTimeout" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void write(String text, SendHandler done) {
        if (inFlight.incrementAndGet() > 1) {
            overlapped = true;
        }
        written.add(text);
        if (completeAtOnce) {
            inFlight.decrementAndGet();
            done.onResult(new SendResult());
        } else {
            waiting.add(done);
        }
    }

    /** The session, as a container would hand it to an endpoint. */
    public Session session() {
        return session;
    }

    /** From now on, writes wait for {@link #completeNext()} ({@code false}) or complete at once ({@code true}). */
    public FakeSession completeAtOnce(boolean atOnce) {
        completeAtOnce = atOnce;
        return this;
    }

    /** Completes the oldest write that waits; false when none does. */
    public boolean completeNext() {
        SendHandler done = waiting.poll();
        if (done == null) {
            return false;
        }
        inFlight.decrementAndGet();
        done.onResult(new SendResult());
        return true;
    }

    /** Fails the oldest write that waits, as a container does for a connection that broke. */
    public void failNext(Throwable failure) {
        SendHandler done = waiting.remove();
        inFlight.decrementAndGet();
        done.onResult(new SendResult(failure));
    }

    /** The connection went away without the container telling anyone (an abrupt drop on some containers). */
    public void drop() {
        open = false;
    }

    /** Texts, and {@code <ping>} for each ping, in the order they were written. */
    public List<String> written() {
        return new ArrayList<>(written);
    }

    public List<CloseReason> closes() {
        return List.copyOf(closes);
    }

    /** Whether two writes were ever in flight at once, which a real container refuses. */
    public boolean overlapped() {
        return overlapped;
    }
}
