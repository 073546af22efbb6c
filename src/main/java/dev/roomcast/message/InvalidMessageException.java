package dev.roomcast.message;

/**
 * A client sent something that is not a valid message. The {@link #code()} is part of the wire
 * protocol; the message text is meant for people and never carries parser internals.
 */
public final class InvalidMessageException extends Exception {

    private final String code;

    public InvalidMessageException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
