package dev.roomcast.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Roomcast chat client for services, bots and tests, on the JDK's {@code java.net.http.WebSocket}, with the
 * JavaScript client's behaviour (docs/CLIENT.md): it connects with a token, reconnects with exponential backoff and
 * full jitter, resumes every joined room with {@code since}/{@code epoch}, drops what it has seen already, keeps
 * sends until they are acknowledged and sends them again after a reconnect with the same {@code clientId} (so they
 * are never posted twice), and asks its token supplier for a new token before the current one expires.
 *
 * <p><b>Threads.</b> All of the client's state (rooms, pending sends, the socket) is owned by one thread of its
 * own, {@code roomcast-client}: the public methods and the socket's callbacks hand their work to it, so they may be
 * called from any thread, and listeners are called on it, one message at a time, in the order received. A
 * listener must not block; it may call the client. After {@link #close}, calls do nothing.
 */
public final class RoomcastClient implements AutoCloseable {

    /** Where the client is. */
    public enum State { IDLE, CONNECTING, OPEN, RECONNECTING, DISCONNECTED, UNAUTHORIZED, CLOSED }

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String PROTOCOL = "roomcast.v1";
    /** The close codes after which the client does not reconnect (docs/PROTOCOL.md). */
    private static final int DISCONNECTED_BY_APPLICATION = 4003;
    private static final int POLICY = 1008;

    private final URI url;
    private final Supplier<String> tokens;
    private final Map<String, String> headers;
    private final Duration minDelay;
    private final Duration maxDelay;
    private final HttpClient http;
    private final ScheduledExecutorService loop;
    private final Map<String, List<Consumer<JsonObject>>> listeners = new ConcurrentHashMap<>();
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<JsonObject> firstWelcome = new CompletableFuture<>();

    // Owned by the loop thread.
    /** room -> where this client is in the room's stream. */
    private final Map<String, Position> rooms = new LinkedHashMap<>();
    /** Sends not yet acknowledged, by clientId, in the order sent. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** rpc id -> the caller's answer. */
    private final Map<String, CompletableFuture<JsonObject>> calls = new LinkedHashMap<>();
    private WebSocket socket;
    private boolean welcomed;
    private boolean stopped = true;
    private int attempt;
    private String token;
    private String user;
    private volatile State state = State.IDLE;
    /** Sends on the socket go one after another: the JDK's WebSocket allows one outstanding send. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private RoomcastClient(Builder builder) {
        this.url = builder.url;
        this.tokens = builder.tokens;
        this.headers = Map.copyOf(builder.headers);
        this.minDelay = builder.minDelay;
        this.maxDelay = builder.maxDelay;
        this.http = HttpClient.newHttpClient();
        this.loop = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "roomcast-client");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A client of the chat endpoint at {@code url} ({@code ws://host:port/ws/chat}, or {@code wss://}). */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** How a client is made. */
    public static final class Builder {

        private final URI url;
        private Supplier<String> tokens = () -> null;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration minDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(15);

        private Builder(URI url) {
            this.url = Objects.requireNonNull(url);
        }

        /**
         * Where tokens come from: asked at every connect, when the server says the token expires soon, and when it
         * refuses one; null means none (a connection signed in by a cookie header, or an endpoint without tokens).
         */
        public Builder tokens(Supplier<String> tokens) {
            this.tokens = Objects.requireNonNull(tokens);
            return this;
        }

        /** A header for every handshake, for example the application's session {@code Cookie}. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The bounds of the reconnect backoff: the first wait, and the longest (defaults 0.5 s and 15 s). */
        public Builder backoff(Duration first, Duration longest) {
            this.minDelay = first;
            this.maxDelay = longest;
            return this;
        }

        public RoomcastClient build() {
            return new RoomcastClient(this);
        }
    }

    /** Calls {@code listener} with every server message of {@code type} ({@code "message"}, {@code "ack"} ...). */
    public RoomcastClient on(String type, Consumer<JsonObject> listener) {
        listeners.computeIfAbsent(type, key -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    /** Calls {@code listener} whenever the client's {@link State} changes. */
    public RoomcastClient onState(Consumer<State> listener) {
        stateListeners.add(listener);
        return this;
    }

    /** Connects, and keeps connecting until {@link #close}; completes with the first {@code welcome}. */
    public CompletionStage<JsonObject> connect() {
        onLoop(() -> {
            if (stopped && state != State.CLOSED) {
                stopped = false;
                open();
            }
        });
        return firstWelcome;
    }

    /** Joins {@code room}, now or at the next connection, and rejoins it after every reconnect from where it was. */
    public void join(String room) {
        onLoop(() -> {
            rooms.putIfAbsent(room, new Position());
            if (welcomed) {
                transmit(joinMessage(room));
            }
        });
    }

    /** Leaves {@code room}; its unacknowledged sends are dropped. */
    public void leave(String room) {
        onLoop(() -> {
            rooms.remove(room);
            pending.values().removeIf(entry -> entry.room.equals(room));
            if (welcomed) {
                transmit(JSON.createObjectBuilder().add("type", "leave").add("room", room));
            }
        });
    }

    /**
     * Posts {@code text} to {@code room}: now if connected, else after the next reconnect; it is sent again after
     * every reconnect until acknowledged, always with the returned clientId, so the room gets it once.
     */
    public String send(String room, String text) {
        String clientId = UUID.randomUUID().toString();
        onLoop(() -> {
            Pending entry = new Pending(room, text, clientId);
            pending.put(clientId, entry);
            if (welcomed) {
                transmit(entry.message());
            }
        });
        return clientId;
    }

    /** Asks the application's backend {@code method}; completes with the {@code rpc_result} (data or error). */
    public CompletionStage<JsonObject> rpc(String method, JsonObject data) {
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        String id = UUID.randomUUID().toString();
        onLoop(() -> {
            if (!welcomed) {
                answer.completeExceptionally(new IllegalStateException("not connected"));
                return;
            }
            calls.put(id, answer);
            transmit(JSON.createObjectBuilder().add("type", "rpc").add("method", method).add("id", id)
                    .add("data", data == null ? JsonValue.EMPTY_JSON_OBJECT : data));
        });
        return answer;
    }

    /** Asks for up to {@code limit} messages of a joined room older than {@code before} (null: the latest). */
    public void history(String room, Long before, int limit) {
        onLoop(() -> {
            JsonObjectBuilder message = JSON.createObjectBuilder().add("type", "history").add("room", room)
                    .add("limit", limit);
            if (before != null) {
                message.add("before", before);
            }
            transmit(message);
        });
    }

    /** The clientIds of the sends not acknowledged yet, oldest first. */
    public CompletionStage<List<String>> pending() {
        return CompletableFuture.supplyAsync(() -> List.copyOf(pending.keySet()), loop);
    }

    public State state() {
        return state;
    }

    /** Closes for good (1000), without reconnecting; pending sends are dropped. */
    @Override
    public void close() {
        CompletableFuture.runAsync(() -> {
            stopped = true;
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                socket = null;
            }
            calls.values().forEach(call -> call.completeExceptionally(new IllegalStateException("closed")));
            setState(State.CLOSED);
        }, loop).orTimeout(5, TimeUnit.SECONDS).exceptionally(failure -> null).join();
        loop.shutdown();
    }

    private void open() {
        welcomed = false;
        setState(attempt == 0 ? State.CONNECTING : State.RECONNECTING);
        token = tokens.get();
        WebSocket.Builder builder = http.newWebSocketBuilder().subprotocols(PROTOCOL)
                .connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.buildAsync(url, new Listener()).whenCompleteAsync((opened, failure) -> {
            if (failure != null) {
                refused(failure);
            }
        }, loop);
    }

    /** The handshake failed: a refused token is asked for once more, anything else is retried later. */
    private void refused(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof WebSocketHandshakeException handshake) {
            int status = handshake.getResponse().statusCode();
            if (status == 401 || status == 403) {
                String fresh = tokens.get();
                if (fresh == null || fresh.equals(token) || status == 403) {
                    giveUp(State.UNAUTHORIZED);
                    return;
                }
            }
        }
        retry();
    }

    private void closed(WebSocket closedSocket, int code) {
        if (closedSocket != socket) {
            return;
        }
        socket = null;
        boolean wasWelcomed = welcomed;
        welcomed = false;
        if (stopped) {
            return;
        }
        if (code == DISCONNECTED_BY_APPLICATION) {
            giveUp(State.DISCONNECTED);
        } else if (code == POLICY && !wasWelcomed) {
            giveUp(State.UNAUTHORIZED);
        } else {
            retry(); // 4001 (token expired) included: the next connect asks the supplier for a new token
        }
    }

    private void giveUp(State why) {
        stopped = true;
        setState(why);
        if (!firstWelcome.isDone()) {
            firstWelcome.completeExceptionally(new IllegalStateException("the server refused the connection: " + why));
        }
    }

    /** Exponential backoff with full jitter, so that clients of a restarted server do not all come back at once. */
    private void retry() {
        setState(State.RECONNECTING);
        long ceiling = Math.min(maxDelay.toMillis(), minDelay.toMillis() << Math.min(attempt, 20));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        attempt++;
        loop.schedule(() -> {
            if (!stopped) {
                open();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void receive(JsonObject message) {
        String type = message.getString("type", "");
        switch (type) {
            case "welcome" -> {
                user = message.getString("user", null);
                welcomed = true;
                attempt = 0;
                setState(State.OPEN);
                rooms.keySet().forEach(room -> transmit(joinMessage(room)));
                pending.values().forEach(entry -> transmit(entry.message()));
                firstWelcome.complete(message);
            }
            case "joined" -> {
                Position position = rooms.get(message.getString("room", ""));
                if (position != null) {
                    if (!"resume".equals(message.getString("replay", ""))) {
                        position.seq = 0;
                    }
                    position.epoch = message.getString("epoch", null);
                }
            }
            case "message" -> {
                Position position = rooms.get(message.getString("room", ""));
                if (position == null) {
                    return;
                }
                String epoch = message.getString("epoch", null);
                long seq = message.getJsonNumber("seq").longValue();
                if (Objects.equals(epoch, position.epoch) && seq <= position.seq) {
                    return; // seen already (a replay overlapping what arrived live)
                }
                position.epoch = epoch;
                position.seq = seq;
                String clientId = message.getString("clientId", null);
                if (clientId != null && Objects.equals(user, message.getString("user", null))) {
                    pending.remove(clientId);
                }
            }
            case "ack" -> pending.remove(message.getString("clientId", ""));
            case "token_expiring" -> {
                String fresh = tokens.get();
                if (fresh != null && !fresh.equals(token)) {
                    token = fresh;
                    transmit(JSON.createObjectBuilder().add("type", "refresh").add("token", fresh));
                }
            }
            case "error" -> {
                String code = message.getString("code", "");
                String clientId = message.getString("clientId", null);
                if (clientId != null && (code.equals("unavailable") || code.equals("rate_limited"))) {
                    long after = message.containsKey("retryAfterMs") ? message.getJsonNumber("retryAfterMs").longValue() : 1000;
                    loop.schedule(() -> resend(clientId), after, TimeUnit.MILLISECONDS);
                } else if (clientId != null) {
                    pending.remove(clientId); // refused: sending it again would not help
                }
            }
            case "rpc_result" -> {
                CompletableFuture<JsonObject> call = calls.remove(message.getString("id", ""));
                if (call != null) {
                    call.complete(message);
                }
            }
            default -> { }
        }
        listeners.getOrDefault(type, List.of()).forEach(listener -> listener.accept(message));
    }

    private void resend(String clientId) {
        Pending entry = pending.get(clientId);
        if (entry != null && welcomed) {
            transmit(entry.message());
        }
    }

    private JsonObjectBuilder joinMessage(String room) {
        Position position = rooms.get(room);
        JsonObjectBuilder join = JSON.createObjectBuilder().add("type", "join").add("room", room);
        if (position.epoch != null) {
            join.add("since", position.seq).add("epoch", position.epoch);
        }
        return join;
    }

    private void transmit(JsonObjectBuilder message) {
        WebSocket target = socket;
        if (target == null) {
            return; // sent again (joins and sends) at the next welcome
        }
        String text = message.build().toString();
        sending = sending.handle((done, failure) -> null).thenCompose(ready -> target.sendText(text, true));
    }

    /** Hands {@code task} to the client's thread; after {@link #close} there is nothing left to do. */
    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closed) {
            // closed: a late callback of the socket, or a call after close()
        }
    }

    private void setState(State next) {
        if (state != next) {
            state = next;
            stateListeners.forEach(listener -> listener.accept(next));
        }
    }

    /** Where the client is in a room: the epoch and the last sequence number it has seen. */
    private static final class Position {
        String epoch;
        long seq;
    }

    private record Pending(String room, String text, String clientId) {
        JsonObjectBuilder message() {
            return JSON.createObjectBuilder().add("type", "send").add("room", room).add("text", text)
                    .add("clientId", clientId);
        }
    }

    /** The socket's callbacks, handed to the loop thread; a text may come in parts. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        /** Before any text: the loop knows its socket before it hears the welcome. */
        @Override
        public void onOpen(WebSocket webSocket) {
            onLoop(() -> {
                if (stopped) {
                    webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                } else {
                    socket = webSocket;
                }
            });
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                onLoop(() -> {
                    if (webSocket == socket) {
                        receive(JSON.createReader(new StringReader(whole)).readObject());
                    }
                });
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1); // the protocol has no binary messages
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            onLoop(() -> closed(webSocket, statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            onLoop(() -> closed(webSocket, -1));
        }
    }
}
