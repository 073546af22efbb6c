package dev.roomcast.backend;

import jakarta.json.JsonObject;
import java.util.UUID;

/**
 * Something that happened, as a webhook reports it (docs/backend-contract.yaml, {@code Event}). Every event has a
 * unique {@code id}, its {@code type}, the {@code time} (milliseconds since 1970) and the {@code node} that reports
 * it; a room's event has the room and, where it has them, the room's {@code epoch} and {@code seq} (for a message,
 * its own number). Absent fields are left out of the JSON.
 */
public record BackendEvent(String id, String type, long time, String node, String room, String epoch, Long seq,
                           String user, String app, String text, String clientId, JsonObject data, String reason,
                           Long banSeconds) {

    public static final String ROOM_OCCUPIED = "room_occupied";
    public static final String ROOM_VACATED = "room_vacated";
    public static final String MEMBER_JOINED = "member_joined";
    public static final String MEMBER_LEFT = "member_left";
    public static final String USER_CONNECTED = "user_connected";
    public static final String USER_DISCONNECTED = "user_disconnected";
    public static final String MESSAGE_POSTED = "message_posted";
    public static final String ROOM_RESET = "room_reset";
    public static final String USER_REMOVED = "user_removed";

    /** An event of a room: occupied, vacated, reset; with {@code user}, a member's joined or left. */
    public static BackendEvent ofRoom(String type, String room, String epoch, long seq, String user) {
        return new BackendEvent(newId(), type, System.currentTimeMillis(), Node.NAME, room, epoch, seq, user, null,
                null, null, null, null, null);
    }

    /** A message numbered {@code seq}, by a {@code user} or, published through the server API, an {@code app}. */
    public static BackendEvent posted(String room, String epoch, long seq, String user, String app, String text,
                                      String clientId, JsonObject data) {
        return new BackendEvent(newId(), MESSAGE_POSTED, System.currentTimeMillis(), Node.NAME, room, epoch, seq, user,
                app, text, clientId, data, null, null);
    }

    /** A user's first connection, or their last one gone. */
    public static BackendEvent ofUser(String type, String user) {
        return new BackendEvent(newId(), type, System.currentTimeMillis(), Node.NAME, null, null, null, user, null,
                null, null, null, null, null);
    }

    /** The application disconnected {@code user} through the server API, banning them for {@code banSeconds} (0: none). */
    public static BackendEvent removed(String user, String reason, long banSeconds) {
        return new BackendEvent(newId(), USER_REMOVED, System.currentTimeMillis(), Node.NAME, null, null, null, user,
                null, null, null, null, reason, banSeconds);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
