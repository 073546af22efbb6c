package dev.roomcast.message;

/**
 * The answer to a message the server could not accept on a tutorial JSON endpoint:
 * {@code {"error": "malformed_json", "detail": "the message is not valid JSON"}}. The connection stays open.
 */
public record ErrorReply(String error, String detail) {

    public static ErrorReply of(InvalidMessageException e) {
        return new ErrorReply(e.code().wire(), e.getMessage());
    }
}
