package dev.roomcast.message;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Everything a client may send on {@code /ws/chat}: one JSON object per text frame, told apart by its
 * {@code type}. The alias list below is the protocol's inbound vocabulary (docs/PROTOCOL.md).
 */
@JsonbTypeInfo(key = "type", value = {
    @JsonbSubtype(alias = "join", type = ClientMessage.Join.class),
    @JsonbSubtype(alias = "leave", type = ClientMessage.Leave.class),
    @JsonbSubtype(alias = "send", type = ClientMessage.Send.class),
    @JsonbSubtype(alias = "ping", type = ClientMessage.Ping.class),
    @JsonbSubtype(alias = "history", type = ClientMessage.History.class),
    @JsonbSubtype(alias = "rooms", type = ClientMessage.Rooms.class),
    @JsonbSubtype(alias = "refresh", type = ClientMessage.Refresh.class),
    @JsonbSubtype(alias = "rpc", type = ClientMessage.Rpc.class),
})
public sealed interface ClientMessage {

    /** Room names: a letter or digit, then up to 63 letters, digits, '.', '_' or '-'. */
    String ROOM_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    String ROOM_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /** A message about one room; a refusal of it names the room. */
    interface AboutRoom {
        String room();
    }

    /** Enter a room; with {@code since} and {@code epoch}, resume after the last message seen. */
    record Join(
            @NotNull(message = "is required") @Pattern(regexp = ROOM_PATTERN, message = ROOM_RULE) String room,
            @PositiveOrZero(message = "must not be negative") Long since,
            @Size(max = 64, message = "must be at most 64 characters") String epoch) implements ClientMessage, AboutRoom {
    }

    record Leave(
            @NotNull(message = "is required") @Pattern(regexp = ROOM_PATTERN, message = ROOM_RULE) String room)
            implements ClientMessage, AboutRoom {
    }

    /**
     * Post to a room. Control characters other than newline and tab are stripped on arrival; the text is
     * otherwise stored exactly as sent. {@code clientId} makes a resend after a reconnect harmless.
     */
    record Send(
            @NotNull(message = "is required") @Pattern(regexp = ROOM_PATTERN, message = ROOM_RULE) String room,
            @NotNull(message = "is required") @ChatText String text,
            @Size(min = 1, max = 64, message = "must be 1 to 64 characters") String clientId)
            implements ClientMessage, AboutRoom {

        public Send {
            text = ControlCharacters.strip(text);
        }
    }

    /**
     * A page of a joined room's older messages: the {@code limit} (1 to 100, default 50) latest ones before
     * {@code before} (a sequence number; without it, before the next message), so that a client can scroll
     * back past what its join replayed.
     */
    record History(
            @NotNull(message = "is required") @Pattern(regexp = ROOM_PATTERN, message = ROOM_RULE) String room,
            @Positive(message = "must be positive") Long before,
            @Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") Integer limit)
            implements ClientMessage, AboutRoom {

        public static final int DEFAULT_LIMIT = 50;

        public int limitOrDefault() {
            return limit == null ? DEFAULT_LIMIT : limit;
        }
    }

    /** The room directory: the {@code limit} (1 to 100, default 50) rooms with the most people present. */
    record Rooms(@Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") Integer limit)
            implements ClientMessage {

        public int limitOrDefault() {
            return limit == null ? History.DEFAULT_LIMIT : limit;
        }
    }

    /** A new token for the same user, before the connection's token expires; answered {@code refreshed}. */
    record Refresh(@NotNull(message = "is required") @Size(max = 8192, message = "must be at most 8192 characters") String token)
            implements ClientMessage {
    }

    /**
     * A request for the application's backend (its rpc proxy): {@code method} names it, {@code data} is any JSON
     * object; the answer, {@code rpc_result} with the same {@code id}, comes to this connection only.
     */
    record Rpc(
            @NotNull(message = "is required") @Pattern(regexp = "[A-Za-z0-9._:/-]{1,64}",
                    message = "must be 1 to 64 letters, digits, '.', '_', ':', '/' or '-'") String method,
            JsonObject data,
            @NotNull(message = "is required") @Size(min = 1, max = 64, message = "must be 1 to 64 characters") String id)
            implements ClientMessage {
    }

    /** An application-level ping, for browsers, which cannot send ping frames. */
    record Ping(@Size(max = 64, message = "must be at most 64 characters") String id) implements ClientMessage {
    }
}
