package dev.roomcast.testing;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real WebSocket client for tests: the JDK's own implementation, so it shares no code with Tyrus or
 * Undertow. Whole text messages land in a queue; reading can be paused to play a slow consumer.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How the server ended the connection. 1006 means no close frame arrived. */
    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private static final String ANNOUNCEMENT = "New message: joined ";

    private volatile boolean paused;
    /** Messages starting with this are not kept (see {@link #joinBroadcast}); guarded by {@code messages}. */
    private String dropped;
    private WebSocket socket;

    private WsClient() {
    }

    public static WsClient connect(URI uri) {
        return connect(uri, Map.of("Origin", originOf(uri)));
    }

    /** Connects with exactly these headers (no Origin unless given) and, optionally, subprotocols. */
    public static WsClient connect(URI uri, Map<String, String> headers, String... subprotocols) {
        return connect(HTTP, uri, headers, subprotocols);
    }

    /** As above, through {@code http} (for example one that trusts a test certificate). */
    public static WsClient connect(HttpClient http, URI uri, Map<String, String> headers, String... subprotocols) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(PATIENCE);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            client.socket = builder.buildAsync(uri, client.new Listener()).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not connect to " + uri, e);
        }
        return client;
    }

    /** The origin a page served by the same server would send: {@code ws://h:p/...} gives {@code http://h:p}. */
    public static String originOf(URI ws) {
        return (ws.getScheme().equals("wss") ? "https" : "http") + "://" + ws.getRawAuthority();
    }

    /** The subprotocol the server selected, empty if none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /**
     * Connects {@code count} clients to a broadcast endpoint and returns once every one of them is
     * registered. The 101 response can reach a client before the server has run its {@code @OnOpen}, so each
     * newcomer announces itself until the first client hears it: a newcomer's message is only handled after
     * its own {@code @OnOpen}, and the first client hearing it proves that the first client is registered
     * too. Repeated and late announcements are dropped by every client from then on, including a repeat that
     * reached the first client right behind the one it heard.
     *
     * <p>Payara Micro shows why: there, 2 in 1,000 first clients were not yet registered when a newcomer's
     * only announcement was broadcast, and never heard it (measured 2026-11-30; they heard the next one).
     */
    public static List<WsClient> joinBroadcast(URI uri, int count) {
        List<WsClient> clients = new ArrayList<>();
        clients.add(connect(uri));
        for (int i = 1; i < count; i++) {
            WsClient newcomer = connect(uri);
            newcomer.dropFromNowOn(ANNOUNCEMENT);
            clients.add(newcomer);
            awaitAnnouncement(clients.get(0), newcomer, ANNOUNCEMENT + i);
        }
        clients.get(0).dropFromNowOn(ANNOUNCEMENT);
        return clients;
    }

    /** Drops the messages starting with {@code prefix}: those already waiting and those still to come. */
    private void dropFromNowOn(String prefix) {
        synchronized (messages) {
            dropped = prefix;
            messages.removeIf(message -> message.startsWith(prefix));
        }
    }

    private static void awaitAnnouncement(WsClient first, WsClient newcomer, String announcement) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            newcomer.send(announcement.substring("New message: ".length()));
            try {
                for (String heard = first.messages.poll(200, TimeUnit.MILLISECONDS); heard != null;
                     heard = first.messages.poll(50, TimeUnit.MILLISECONDS)) {
                    if (heard.equals(announcement)) {
                        return;
                    }
                    if (!heard.startsWith(ANNOUNCEMENT)) {
                        fail("unexpected message while joining: " + heard);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        fail("the first client never heard '" + announcement + "'");
    }

    public synchronized void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends, tolerating a server that closes the connection before the message is fully written. */
    public synchronized void sendExpectingClose(String text) {
        try {
            socket.sendText(text, true).join();
        } catch (CompletionException closedEarly) {
            // the close frame that explains why is checked with awaitClose()
        }
    }

    public synchronized void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** The next whole message, failing the test if none arrives in time. */
    public String next() {
        try {
            String message = messages.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail("no message within " + PATIENCE + (closed.isDone() ? "; closed: " + closed.join() : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<String> next(int count) {
        List<String> received = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            received.add(next());
        }
        return received;
    }

    /** Asserts that nothing arrives for {@code quiet}. */
    public void assertNothingFor(Duration quiet) {
        try {
            assertNull(messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS), "unexpected message");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the server to close the connection and returns its close code and reason. */
    public Closed awaitClose() {
        try {
            return closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + PATIENCE);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Stops taking messages off the socket, so the server's writes back up like a slow client's. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        socket.request(1);
    }

    /** Drops the connection without a close frame, as a lost network would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception | Error ignored) {
                // the server may have closed first
            }
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                synchronized (messages) { // one step with dropFromNowOn, so that no message slips between
                    if (dropped == null || !message.startsWith(dropped)) {
                        messages.add(message);
                    }
                }
            }
            if (!paused) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error instanceof CompletionException
                    ? error.getCause() : error)));
        }
    }
}
