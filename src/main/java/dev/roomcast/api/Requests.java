package dev.roomcast.api;

import dev.roomcast.message.ChatText;
import dev.roomcast.message.ControlCharacters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The bodies the server API accepts, read as strictly as the chat protocol's messages (a field of the wrong
 * JSON type is refused, not coerced) and then validated.
 */
final class Requests {

    /** A sender label: what members see instead of a user name on the application's messages. */
    static final String LABEL = "[\\p{L}\\p{N} ._-]{1,32}";
    static final String LABEL_RULE = "must be 1 to 32 letters, digits, spaces, '.', '_' or '-'";
    static final String DEFAULT_LABEL = "app";

    private Requests() {
    }

    /** A message to a room; {@code idempotencyKey} makes a retried call harmless, like a client's clientId. */
    public record Publish(
            @NotNull(message = "is required") @ChatText String text,
            @Pattern(regexp = LABEL, message = LABEL_RULE) String sender,
            // Characters as text and sender count them (code points): Size would count UTF-16 units.
            @Pattern(regexp = "(?s).{1,64}", message = "must be 1 to 64 characters") String idempotencyKey) {

        public Publish {
            text = ControlCharacters.strip(text);
        }

        String label() {
            return sender == null ? DEFAULT_LABEL : sender;
        }
    }

    /** A personal message to every connection of a user. */
    public record Personal(
            @NotNull(message = "is required") @ChatText String text,
            @Pattern(regexp = LABEL, message = LABEL_RULE) String sender) {

        public Personal {
            text = ControlCharacters.strip(text);
        }

        String label() {
            return sender == null ? DEFAULT_LABEL : sender;
        }
    }

    /**
     * Closes a user's connections with {@code reason} (at most 123 bytes, as a close frame allows); with
     * {@code banSeconds}, refuses their reconnection that long.
     */
    public record Disconnect(
            String reason,
            @PositiveOrZero(message = "must not be negative") @Max(value = 2_592_000, message = "must be at most 30 days")
            Long banSeconds) {

        static final String DEFAULT_REASON = "disconnected by the application";

        String reasonOrDefault() {
            return reason == null || reason.isBlank() ? DEFAULT_REASON : ControlCharacters.strip(reason);
        }
    }
}
