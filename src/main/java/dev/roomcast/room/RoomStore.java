package dev.roomcast.room;

import java.util.function.Predicate;

/**
 * Where rooms live: membership and presence, per-room sequence numbers, retained history, and fan-out.
 *
 * <p>Every answer reaches the member through {@link Member#deliver}, in protocol order: for a join,
 * {@code joined}, then the replay, then live messages, with no gap and no duplicate at the seam, however many
 * others are posting meanwhile. {@link InMemoryRoomStore} is the single-node implementation; a clustered
 * store shares the same contract across nodes.
 */
public interface RoomStore {

    /**
     * Adds {@code member} to {@code room} (created on first use). With {@code since} and a matching
     * {@code epoch} the replay is exactly the messages after {@code since}; otherwise the recent ones, and
     * when a resume was asked for but cannot be honoured, the {@code joined} answer says why.
     */
    void join(String room, Member member, Long since, String epoch);

    /**
     * Removes {@code member} from {@code room}. An explicit leave ends the user's presence at once if it was
     * their last connection; a {@code disconnected} one only after the grace period, so that a quick
     * reconnect does not make the user flap.
     */
    void leave(String room, Member member, boolean disconnected);

    /**
     * Posts {@code text} as {@code member}'s user: assigns the next sequence number and the server time,
     * delivers it to every member, and acknowledges it to the sender. A {@code clientId} the room has seen
     * from that user is acknowledged again as a duplicate, not posted twice.
     */
    void post(String room, Member member, String text, String clientId);

    /**
     * Answers {@code member} with a page of {@code room}'s retained messages: the {@code limit} latest before
     * {@code before} (all retained ones when null), oldest first, as a {@code history} message; a member
     * not in the room gets {@code not_joined}.
     */
    void history(String room, Member member, Long before, int limit);

    /**
     * Answers {@code member} with the directory: up to {@code limit} rooms with people present (on any node),
     * the most populated first, among those {@code visible} lets this member see.
     */
    void directory(Member member, Predicate<String> visible, int limit);

    /** The rooms this node holds now; a room nobody uses for {@code room-idle-seconds} is forgotten. */
    int size();

    /** The broker this store shares rooms through, as {@code /health} reports it; a single node has none. */
    default Broker broker() {
        return Broker.NONE;
    }

    /** A broker's kind ({@code none}, {@code redis}) and whether this node can reach it now. */
    record Broker(String kind, boolean reachable) {
        public static final Broker NONE = new Broker("none", true);
    }
}
