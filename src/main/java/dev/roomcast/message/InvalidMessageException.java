package dev.roomcast.message;

/**
 * A client sent something that is not a valid message. The {@link #code()} is part of the wire
 * protocol; the message text is meant for people and never carries parser internals.
 */
public final class InvalidMessageException extends Exception {

    /** Not answered with an error message: the connection is closed with 1009. */
    public static final String TOO_BIG = "too_big";

    private final String code;

    public InvalidMessageException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
