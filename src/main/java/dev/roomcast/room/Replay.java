package dev.roomcast.room;

import dev.roomcast.message.ErrorCode;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.message.ServerMessage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a join is answered, decided the same way by every store: the {@code replay} and {@code reason} of its
 * {@code joined} message (docs/PROTOCOL.md, "History and resume"). Beside it, the other answers every store gives
 * alike.
 */
public enum Replay {

    /** A fresh join: the latest {@code join-history} messages. */
    RECENT("recent", null),
    /** Exactly the messages after {@code since}. */
    RESUME("resume", null),
    /** The client's epoch is not the room's: its numbers mean nothing here any more. */
    EPOCH_CHANGED("reset", "epoch_changed"),
    /** The client has seen a number the room has not reached (a failover lost the latest messages). */
    AHEAD_OF_SERVER("reset", "ahead_of_server"),
    /** The history no longer reaches back to the message after {@code since}. */
    HISTORY_GAP("reset", "history_gap"),
    /** The application reset the room: members are told as if they had just rejoined. */
    RESET("reset", "reset");

    private static final JsonEncoder ENCODER = new JsonEncoder();

    /** What {@code joined} says: {@code recent}, {@code resume} or {@code reset}. */
    public final String mode;
    /** Why a resume was not honoured; null when it was, or none was asked for. */
    public final String reason;

    Replay(String mode, String reason) {
        this.mode = mode;
        this.reason = reason;
    }

    /**
     * The answer to a join with {@code since} and {@code clientEpoch} (both null for a fresh one) in a room at
     * {@code epoch} and {@code seq}. {@link #RESUME} holds only if the history still has message {@code since + 1};
     * the store checks, and answers {@link #HISTORY_GAP} if it does not.
     */
    public static Replay of(Long since, String clientEpoch, String epoch, long seq) {
        if (since == null) {
            return RECENT;
        }
        if (!epoch.equals(clientEpoch)) {
            return EPOCH_CHANGED;
        }
        return since > seq ? AHEAD_OF_SERVER : RESUME;
    }

    /** A new epoch: random, so that a room forgotten and made again is never mistaken for its predecessor. */
    public static String newEpoch() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    /** The answer to a post or a history request from a connection that is not in the room. */
    public static String notJoined(String room, String clientId) {
        return ENCODER.encode(new ServerMessage.Error(
                ErrorCode.NOT_JOINED.wire(), "join the room before sending to it", room, clientId, null));
    }
}
