package dev.roomcast.chat;

import dev.roomcast.backend.Caller;
import dev.roomcast.backend.Node;
import dev.roomcast.backend.Proxies;
import dev.roomcast.backend.RpcAnswer;
import dev.roomcast.backend.Verdict;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.config.Settings;
import dev.roomcast.message.ClientMessage;
import dev.roomcast.message.ErrorCode;
import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.message.ServerMessage;
import dev.roomcast.metrics.Meters;
import dev.roomcast.registry.ChatConnections;
import dev.roomcast.registry.Outbox;
import dev.roomcast.registry.UserConnection;
import dev.roomcast.room.ConnectedUsers;
import dev.roomcast.room.RoomStore;
import dev.roomcast.security.Identity;
import dev.roomcast.security.RateLimitedLog;
import dev.roomcast.security.TokenBucket;
import dev.roomcast.security.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * The chat protocol's rules, between the endpoint (which only decodes) and the room store: identity and its
 * token's lifetime, validation, rate limits, room membership per connection, heartbeats, and the backend's say
 * (its join, publish and rpc proxies) before a message takes effect.
 *
 * <p>A connection's messages take effect in the order they came, even when one waits for the backend: each is a
 * step of the connection's turn ({@link ChatConnection#inTurn}), and a step that asks a proxy ends when the answer
 * has been acted on. Rate limits and validation are applied on arrival, before the turn.
 */
@ApplicationScoped
public class ChatService implements ChatConnections {

    private static final CloseReason ABUSE = new CloseReason(CloseCodes.VIOLATED_POLICY, "rate limit exceeded");
    private static final CloseReason SILENT = new CloseReason(CloseCodes.GOING_AWAY, "heartbeat timeout");
    /** The close code of a connection whose token expired without a {@code refresh} (docs/PROTOCOL.md). */
    public static final CloseReason TOKEN_EXPIRED =
            new CloseReason(CloseCodes.getCloseCode(4001), "token expired; refresh it before it expires");
    /** Missed heartbeats after which a connection counts as dead. */
    private static final int DEAD_AFTER_HEARTBEATS = 3;
    /** How soon a client may try again after the backend did not decide. */
    private static final long BACKEND_RETRY_AFTER_MS = 1000;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * The closes that are Roomcast's decision about a client, logged for the operator: abuse (1008), too slow
     * (1013), token expired (4001), disconnected by the application (4003). Not the ordinary ends of connections.
     */
    private static final Set<Integer> LOGGED_CLOSES = Set.of(1008, 1013, 4001, 4003);
    private final RateLimitedLog closes = new RateLimitedLog(System.getLogger(ChatService.class.getName()), 10, 20);
    private final Map<String, ChatConnection> connections = new ConcurrentHashMap<>();
    private final JsonEncoder encoder = new JsonEncoder();

    @Inject
    Settings settings;

    @Inject
    RoomStore rooms;

    @Inject
    ConnectedUsers connectedUsers;

    @Inject
    Validator validator;

    @Inject
    Scheduler scheduler;

    @Inject
    Meters meters;

    @Inject
    TokenVerifier tokens;

    @Inject
    Proxies proxies;

    private Counter rateLimited;
    private Counter abuseCloses;
    private Counter expiredCloses;

    @PostConstruct
    void registerMeters() {
        rateLimited = Counter.builder("roomcast.rate.limited").description("Chat messages refused for the rate limit")
                .register(meters.registry());
        abuseCloses = Counter.builder("roomcast.abuse.closes")
                .description("Chat connections closed with 1008 for sustained flooding").register(meters.registry());
        expiredCloses = Counter.builder("roomcast.token.expired.closes")
                .description("Chat connections closed with 4001 when their token expired").register(meters.registry());
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        scheduler.every(Duration.ofSeconds(settings.heartbeatSeconds()), this::heartbeat);
    }

    /**
     * Admits a connection for {@code identity}, or closes it with 1008 and returns null when there is none or
     * its user name is not acceptable. The first message is always {@code welcome}.
     */
    public ChatConnection connect(Outbox outbox, Identity identity) {
        if (identity == null || identity.user() == null || !Identity.USER_NAME.matcher(identity.user()).matches()) {
            outbox.close(new CloseReason(CloseCodes.VIOLATED_POLICY, "a user name of " + Identity.USER_NAME_RULE + " is required"));
            return null;
        }
        String user = identity.user();
        ChatConnection connection = new ChatConnection(outbox, identity,
                new TokenBucket(settings.ratePerSecond(), settings.rateBurst(), System.nanoTime()), System.nanoTime());
        connections.put(connection.id(), connection);
        connectedUsers.connected(user);
        // However the session ends (close, error, or the registry's sweep of one whose close never came), its rooms
        // and timers go with it.
        outbox.whenGone(() -> disconnect(connection));
        send(connection, new ServerMessage.Welcome(ServerMessage.PROTOCOL_VERSION, user, settings.heartbeatSeconds()));
        connection.renew(identity, expiryTimers(connection, identity.expiresAt()));
        return connection;
    }

    @Override
    public List<UserConnection> of(String user) {
        return connections.values().stream().filter(connection -> connection.user().equals(user))
                .map(connection -> new UserConnection(connection.id(), Node.NAME, connection.connectedAt(),
                        connection.identity().address(), connection.rooms().stream().sorted().toList()))
                .sorted(Comparator.comparing(UserConnection::connectedAt)).toList();
    }

    public void receive(ChatConnection connection, ClientMessage message) {
        if (!admitted(connection, message instanceof ClientMessage.AboutRoom about ? about.room() : null,
                message instanceof ClientMessage.Send send ? send.clientId() : null)) {
            return;
        }
        Set<ConstraintViolation<ClientMessage>> violations = validator.validate(message);
        if (!violations.isEmpty()) {
            send(connection, invalid(message, violations));
            return;
        }
        connection.inTurn(() -> act(connection, message));
    }

    /** One step of the connection's turn; the stage completes once the message has taken effect. */
    private CompletionStage<?> act(ChatConnection connection, ClientMessage message) {
        if (message instanceof ClientMessage.Join join) {
            return join(connection, join);
        } else if (message instanceof ClientMessage.Leave leave) {
            leave(connection, leave);
        } else if (message instanceof ClientMessage.Send post) {
            return post(connection, post);
        } else if (message instanceof ClientMessage.History history) {
            history(connection, history);
        } else if (message instanceof ClientMessage.Rooms directory) {
            rooms.directory(connection, connection::mayUse, directory.limitOrDefault());
        } else if (message instanceof ClientMessage.Refresh refresh) {
            refresh(connection, refresh);
        } else if (message instanceof ClientMessage.Rpc rpc) {
            return rpc(connection, rpc);
        } else if (message instanceof ClientMessage.Ping ping) {
            send(connection, new ServerMessage.Pong(ping.id()));
        }
        return DONE;
    }

    /** A frame that did not decode: answered with its error code; the connection stays open. */
    public void refuse(ChatConnection connection, InvalidMessageException error) {
        if (admitted(connection, error.room(), error.clientId())) {
            send(connection, new ServerMessage.Error(error.code().wire(), error.getMessage(), error.room(),
                    error.clientId(), null));
        }
    }

    private void disconnect(ChatConnection connection) {
        if (connections.remove(connection.id()) != null) {
            logClose(connection);
            connection.ended();
            connection.rooms().forEach(room -> rooms.leave(room, connection, true));
            connectedUsers.disconnected(connection.user());
        }
    }

    private void logClose(ChatConnection connection) {
        CloseReason close = connection.outbox().serverClose();
        if (close == null || !LOGGED_CLOSES.contains(close.getCloseCode().getCode())) {
            return;
        }
        List<String> rooms = connection.rooms().stream().sorted().toList();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "connection_closed");
        fields.put("code", close.getCloseCode().getCode());
        fields.put("reason", close.getReasonPhrase());
        fields.put("connection", connection.id());
        fields.put("user", connection.user());
        fields.put("rooms", rooms);
        fields.put("address", String.valueOf(connection.identity().address()));
        closes.log(System.Logger.Level.INFO, "closed " + connection.user() + "'s connection " + connection.id()
                + " with " + close.getCloseCode().getCode() + " (" + close.getReasonPhrase() + ") in rooms " + rooms,
                fields);
    }

    private CompletionStage<?> join(ChatConnection connection, ClientMessage.Join join) {
        if (!connection.mayUse(join.room())) {
            send(connection, forbidden(join.room(), null));
            return DONE;
        }
        boolean rejoin = connection.rooms().contains(join.room());
        if (!rejoin && connection.rooms().size() >= settings.maxRoomsPerConnection()) {
            send(connection, new ServerMessage.Error(ErrorCode.TOO_MANY_ROOMS.wire(), "a connection may be in at most "
                    + settings.maxRoomsPerConnection() + " rooms", join.room(), null, null));
            return DONE;
        }
        if (rejoin || !proxies.vetsJoins(join.room())) {
            enter(connection, join);
            return DONE;
        }
        return proxies.join(caller(connection), join.room()).handle((verdict, failure) -> {
            if (decided(connection, verdict, failure, join.room(), null)) {
                enter(connection, join);
            }
            return null;
        });
    }

    private void enter(ChatConnection connection, ClientMessage.Join join) {
        connection.rooms().add(join.room());
        rooms.join(join.room(), connection, join.since(), join.epoch());
    }

    /**
     * Whether the backend allowed what it was asked about; if not, the client has been told why: {@code refused}
     * with the backend's reason, or {@code backend_unavailable}.
     */
    private boolean decided(ChatConnection connection, Verdict verdict, Throwable failure, String room, String clientId) {
        if (failure != null) {
            send(connection, new ServerMessage.Error(ErrorCode.BACKEND_UNAVAILABLE.wire(),
                    "the application's backend did not decide; try again", room, clientId, BACKEND_RETRY_AFTER_MS));
            return false;
        }
        if (!verdict.allowed()) {
            send(connection, new ServerMessage.Error(ErrorCode.REFUSED.wire(), verdict.reason(), room, clientId, null));
            return false;
        }
        return true;
    }

    private Caller caller(ChatConnection connection) {
        return new Caller(connection.user(), connection.id(), Node.NAME, connection.identity().address());
    }

    private void leave(ChatConnection connection, ClientMessage.Leave leave) {
        if (!connection.rooms().remove(leave.room())) {
            send(connection, new ServerMessage.Error(ErrorCode.NOT_JOINED.wire(), "you are not in this room", leave.room(), null,
                    null));
            return;
        }
        rooms.leave(leave.room(), connection, false);
        send(connection, new ServerMessage.Left(leave.room(), null));
    }

    private CompletionStage<?> post(ChatConnection connection, ClientMessage.Send post) {
        if (!connection.mayUse(post.room())) {
            send(connection, forbidden(post.room(), post.clientId()));
            return DONE;
        }
        if (!connection.rooms().contains(post.room())) {
            send(connection, new ServerMessage.Error(ErrorCode.NOT_JOINED.wire(), "join the room before sending to it", post.room(),
                    post.clientId(), null));
            return DONE;
        }
        if (!proxies.vetsPublishes(post.room())) {
            rooms.post(post.room(), connection, post.text(), post.clientId(), null);
            return DONE;
        }
        // The backend may refuse it, or rewrite it (moderation, enrichment) before it is numbered and delivered.
        return proxies.publish(caller(connection), post.room(), post.text(), post.clientId()).handle((verdict, failure) -> {
            if (decided(connection, verdict, failure, post.room(), post.clientId())) {
                rooms.post(post.room(), connection, verdict.text() != null ? verdict.text() : post.text(), post.clientId(),
                        verdict.data());
            }
            return null;
        });
    }

    /** Forwards the request to the backend; its answer, or why there is none, goes to this connection only. */
    private CompletionStage<?> rpc(ChatConnection connection, ClientMessage.Rpc rpc) {
        if (!proxies.answersRpc()) {
            send(connection, new ServerMessage.RpcResult(rpc.id(), null,
                    new ServerMessage.RpcError("not_configured", "this server has no rpc proxy")));
            return DONE;
        }
        return proxies.rpc(caller(connection), rpc.method(), rpc.data()).handle((answer, failure) -> {
            send(connection, failure != null
                    ? new ServerMessage.RpcResult(rpc.id(), null, new ServerMessage.RpcError(
                            ErrorCode.BACKEND_UNAVAILABLE.wire(), "the application's backend did not answer; try again"))
                    : result(rpc.id(), answer));
            return null;
        });
    }

    private static ServerMessage.RpcResult result(String id, RpcAnswer answer) {
        return answer.errorCode() != null
                ? new ServerMessage.RpcResult(id, null, new ServerMessage.RpcError(answer.errorCode(), answer.errorMessage()))
                : new ServerMessage.RpcResult(id, answer.data(), null);
    }

    private void history(ChatConnection connection, ClientMessage.History history) {
        if (!connection.rooms().contains(history.room())) {
            send(connection, new ServerMessage.Error(ErrorCode.NOT_JOINED.wire(), "join the room before asking for its "
                    + "history", history.room(), null, null));
            return;
        }
        rooms.history(history.room(), connection, history.before(), history.limitOrDefault());
    }

    /**
     * Takes a new token for the connection's user, and with it a new expiry; a token that does not verify, or is
     * another user's, is refused and the old one holds.
     */
    private void refresh(ChatConnection connection, ClientMessage.Refresh refresh) {
        Identity renewed;
        try {
            renewed = tokens.verify(refresh.token());
        } catch (TokenVerifier.InvalidTokenException e) {
            send(connection, ServerMessage.Error.of(ErrorCode.INVALID_TOKEN.wire(), "the token was refused; the "
                    + "connection keeps its current one"));
            return;
        }
        if (!renewed.user().equals(connection.user())) {
            send(connection, ServerMessage.Error.of(ErrorCode.INVALID_TOKEN.wire(), "the token is for another user"));
            return;
        }
        connection.renew(renewed, expiryTimers(connection, renewed.expiresAt()));
        send(connection, new ServerMessage.Refreshed(renewed.expiresAt().getEpochSecond()));
        // The new token's rooms claim applies at once: a room it no longer allows is left, as if by a leave.
        for (String room : List.copyOf(connection.rooms())) {
            if (!renewed.mayUse(room) && connection.rooms().remove(room)) {
                rooms.leave(room, connection, false);
                send(connection, new ServerMessage.Left(room, ErrorCode.FORBIDDEN.wire()));
            }
        }
    }

    /**
     * Warns {@code token-expiry-warning-seconds} before {@code expiresAt} and closes with 4001 at it; none for an
     * identity without a token.
     */
    private List<ScheduledFuture<?>> expiryTimers(ChatConnection connection, Instant expiresAt) {
        if (expiresAt == null) {
            return List.of();
        }
        Duration left = Duration.between(Instant.now(), expiresAt);
        Duration warning = left.minusSeconds(settings.tokenExpiryWarningSeconds());
        return List.of(
                scheduler.after(warning.isNegative() ? Duration.ZERO : warning,
                        () -> send(connection, new ServerMessage.TokenExpiring(expiresAt.getEpochSecond()))),
                scheduler.after(left.isNegative() ? Duration.ZERO : left, () -> {
                    expiredCloses.increment();
                    connection.outbox().closeAfterQueued(TOKEN_EXPIRED);
                }));
    }

    /**
     * Counts the message against the rate limit; refuses it (naming its {@code room} and {@code clientId}), and
     * closes a persistent flooder with 1008.
     */
    private boolean admitted(ChatConnection connection, String room, String clientId) {
        long now = System.nanoTime();
        connection.heard(now);
        long retryAfter = connection.admit(now);
        if (retryAfter == 0) {
            return true;
        }
        rateLimited.increment();
        if (connection.refusals() >= settings.abuseThreshold()) {
            if (connection.refusals() == settings.abuseThreshold()) {
                abuseCloses.increment(); // once: what the client sends while the close is on its way adds up too
            }
            connection.outbox().closeAfterQueued(ABUSE);
        } else {
            send(connection, new ServerMessage.Error(ErrorCode.RATE_LIMITED.wire(), "too many messages; slow down", room,
                    clientId, retryAfter));
        }
        return false;
    }

    private static ServerMessage.Error forbidden(String room, String clientId) {
        return new ServerMessage.Error(ErrorCode.FORBIDDEN.wire(), "your token does not allow this room", room,
                clientId, null);
    }

    private ServerMessage.Error invalid(ClientMessage message, Set<ConstraintViolation<ClientMessage>> violations) {
        ConstraintViolation<ClientMessage> first = violations.stream()
                .min(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .orElseThrow();
        String room = message instanceof ClientMessage.AboutRoom about ? about.room() : null;
        String clientId = message instanceof ClientMessage.Send send ? send.clientId() : null;
        return new ServerMessage.Error(ErrorCode.INVALID_MESSAGE.wire(),
                "'" + first.getPropertyPath() + "' " + first.getMessage(), room, clientId, null);
    }

    /** Pings connections that have been quiet for a heartbeat, and closes those quiet for three. */
    private void heartbeat() {
        long now = System.nanoTime();
        long interval = Duration.ofSeconds(settings.heartbeatSeconds()).toNanos();
        for (ChatConnection connection : connections.values()) {
            long quiet = now - connection.lastHeard();
            if (quiet >= DEAD_AFTER_HEARTBEATS * interval) {
                connection.outbox().close(SILENT);
            } else if (quiet >= interval) {
                connection.outbox().ping();
            }
        }
    }

    private void send(ChatConnection connection, ServerMessage message) {
        connection.deliver(encoder.encode(message));
    }
}
