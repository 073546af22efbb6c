package dev.roomcast.message;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * Everything the server sends on {@code /ws/chat}. JSON-B writes the alias as {@code type} first, then the
 * other fields by name, and leaves out null fields.
 */
@JsonbTypeInfo(key = "type", value = {
    @JsonbSubtype(alias = "welcome", type = ServerMessage.Welcome.class),
    @JsonbSubtype(alias = "joined", type = ServerMessage.Joined.class),
    @JsonbSubtype(alias = "message", type = ServerMessage.Posted.class),
    @JsonbSubtype(alias = "ack", type = ServerMessage.Ack.class),
    @JsonbSubtype(alias = "presence", type = ServerMessage.Presence.class),
    @JsonbSubtype(alias = "left", type = ServerMessage.Left.class),
    @JsonbSubtype(alias = "pong", type = ServerMessage.Pong.class),
    @JsonbSubtype(alias = "error", type = ServerMessage.Error.class),
    @JsonbSubtype(alias = "history", type = ServerMessage.History.class),
    @JsonbSubtype(alias = "rooms", type = ServerMessage.Rooms.class),
    @JsonbSubtype(alias = "personal", type = ServerMessage.Personal.class),
    @JsonbSubtype(alias = "token_expiring", type = ServerMessage.TokenExpiring.class),
    @JsonbSubtype(alias = "refreshed", type = ServerMessage.Refreshed.class),
    @JsonbSubtype(alias = "rpc_result", type = ServerMessage.RpcResult.class),
})
public sealed interface ServerMessage {

    /** The protocol version this server speaks; it changes only with an incompatible change. */
    int PROTOCOL_VERSION = 1;

    /** First message on every connection: who the server takes you for. */
    record Welcome(int version, String user, int heartbeatSeconds) implements ServerMessage {
    }

    /**
     * The answer to a join, sent before any message of the room. {@code seq} is the room's latest sequence
     * number; {@code replay} says what follows: {@code recent} (the last messages, for a fresh join),
     * {@code resume} (exactly the messages after {@code since}), or {@code reset} (the client's position
     * cannot be resumed, see {@code reason}: {@code history_gap}, {@code epoch_changed} or
     * {@code ahead_of_server}; recent messages follow and everything older must be treated as lost).
     */
    record Joined(String room, String epoch, long seq, List<String> members, String replay, String reason)
            implements ServerMessage {
    }

    /**
     * A room message, with its server-assigned sequence number and time (milliseconds). A person's message has
     * {@code user}; one the application published through the server API has {@code app}, its sender label,
     * and no {@code user}, so that it can never pass for a person's. {@code data} is the small object the
     * backend's publish proxy attached, when it did.
     */
    record Posted(String room, String epoch, long seq, String user, String app, String text, JsonObject data,
                  Instant ts, String clientId) implements ServerMessage {

        public Posted {
            ts = ts.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /**
     * A message the application sent to this user through the server API: it reaches every open connection of
     * the user, on every node, and is not kept for a user who is not connected.
     */
    record Personal(String app, String text, Instant ts) implements ServerMessage {

        public Personal {
            ts = ts.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /** The connection's token expires at {@code exp} (seconds since the epoch); send {@code refresh} before. */
    record TokenExpiring(long exp) implements ServerMessage {
    }

    /** A {@code refresh} was accepted: the connection now lives until the new token's {@code exp}. */
    record Refreshed(long exp) implements ServerMessage {
    }

    /**
     * The answer to a history request: room messages of {@code epoch}, oldest first, each as a {@code message}
     * carries it (without its {@code type}); {@code complete} when the room keeps nothing older.
     */
    record History(String room, String epoch, List<Posted> messages, boolean complete) implements ServerMessage {
    }

    /** The room directory: rooms with people present, the most populated first, that this user may join. */
    record Rooms(List<RoomSummary> rooms) implements ServerMessage {
    }

    /** One room of the directory: its name and how many users are present in it (on every node). */
    record RoomSummary(String room, int members) {

        /** The directory's order: the most populated rooms first, then by name. */
        public static final Comparator<RoomSummary> DIRECTORY_ORDER =
                Comparator.comparingInt(RoomSummary::members).reversed().thenComparing(RoomSummary::room);
    }

    /** Tells the sender which sequence number its message got; {@code duplicate} when it was a resend. */
    record Ack(String room, String clientId, long seq, boolean duplicate) implements ServerMessage {
    }

    /** A user entered ({@code join}) or left ({@code leave}) a room. */
    record Presence(String room, String user, String event) implements ServerMessage {
    }

    /**
     * Confirms that the connection is out of {@code room}: after its {@code leave} ({@code reason} null), or because a
     * {@code refresh}ed token no longer allows the room ({@code reason} {@code forbidden}).
     */
    record Left(String room, String reason) implements ServerMessage {
    }

    record Pong(String id) implements ServerMessage {
    }

    /**
     * The backend's answer to this connection's {@code rpc} {@code id}: its {@code data}, or an {@code error} (the
     * backend's own code and message, or Roomcast's {@code backend_unavailable} when the backend did not answer).
     */
    record RpcResult(String id, JsonObject data, RpcError error) implements ServerMessage {
    }

    /** Why an {@code rpc} has no result. */
    record RpcError(String code, String message) {
    }

    /** A refused message; the connection stays open. {@code code} is stable, {@code message} is for people. */
    record Error(String code, String message, String room, String clientId, Long retryAfterMs)
            implements ServerMessage {

        public static Error of(String code, String message) {
            return new Error(code, message, null, null, null);
        }
    }
}
