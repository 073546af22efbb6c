package dev.roomcast.message;

/**
 * A client sent something that is not a valid message. The {@link #code()} is part of the wire
 * protocol; the message text is meant for people and never carries parser internals.
 */
public final class InvalidMessageException extends Exception {

    private final ErrorCode code;

    public InvalidMessageException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
