package dev.roomcast.message;

/**
 * A client sent something that is not a valid message. The {@link #code()} is part of the wire
 * protocol; the message text is meant for people and never carries parser internals.
 */
public final class InvalidMessageException extends Exception {

    private final ErrorCode code;
    private final String room;
    private final String clientId;

    public InvalidMessageException(ErrorCode code, String detail) {
        this(code, detail, null, null);
    }

    private InvalidMessageException(ErrorCode code, String detail, String room, String clientId) {
        super(detail);
        this.code = code;
        this.room = room;
        this.clientId = clientId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The refused message's {@code room}, when it had one as a string, so that the refusal can name it. */
    public String room() {
        return room;
    }

    /** The refused message's {@code clientId}, when it had one as a string, so that a client knows which send failed. */
    public String clientId() {
        return clientId;
    }

    /** This refusal, naming the {@code room} and {@code clientId} of the message it refuses. */
    public InvalidMessageException about(String room, String clientId) {
        return new InvalidMessageException(code, getMessage(), room, clientId);
    }
}
