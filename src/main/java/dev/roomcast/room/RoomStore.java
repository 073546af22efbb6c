package dev.roomcast.room;

import dev.roomcast.message.ServerMessage;
import jakarta.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
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
     * from that user is acknowledged again as a duplicate, not posted twice. {@code data}, when not null, is the
     * object the backend's publish proxy attached to the message.
     */
    void post(String room, Member member, String text, String clientId, JsonObject data);

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

    // The application's side (the server API): answers come back as values, not through a member.

    /**
     * Posts {@code text} to {@code room} as the application, labelled {@code app}: numbered, kept in history and
     * delivered like any message, without the sender being a member. A {@code key} seen before in the room is
     * answered with the earlier number, as a duplicate.
     */
    CompletionStage<Published> publish(String room, String app, String text, String key);

    /** The room's epoch, latest number and present users (on every node); empty when the room is not known. */
    CompletionStage<Optional<RoomInfo>> info(String room);

    /**
     * Up to {@code limit} rooms with people present (on every node), by name, after {@code after} (or from the
     * first), and if {@code search} is given, only those whose name contains it (in any case).
     */
    CompletionStage<List<ServerMessage.RoomSummary>> list(String after, String search, int limit);

    /** The page {@link #list} answers, out of every room with people present: one rule for every store. */
    static List<ServerMessage.RoomSummary> page(Stream<ServerMessage.RoomSummary> present, String after, String search,
                                                int limit) {
        String needle = search == null ? null : search.toLowerCase(Locale.ROOT);
        return present.filter(room -> after == null || room.room().compareTo(after) > 0)
                .filter(room -> needle == null || room.room().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(Comparator.comparing(ServerMessage.RoomSummary::room))
                .limit(limit)
                .toList();
    }

    /**
     * Up to {@code limit} retained messages, oldest first: the latest before {@code before}, or the first after
     * {@code after} (one of them, or neither for the latest); empty when the room is not known.
     */
    CompletionStage<Optional<Page>> messages(String room, Long before, Long after, int limit);

    /**
     * Drops the room's history and starts a new epoch; its members get a {@code joined} with replay
     * {@code reset} and reason {@code reset}, as if they had just rejoined. Empty when the room is not known.
     */
    CompletionStage<Optional<RoomInfo>> reset(String room);

    /** The outcome of a publish: the message's number in the room's epoch; {@code duplicate} for a known key. */
    record Published(String room, String epoch, long seq, boolean duplicate) {
    }

    /** A room as the server API shows it. */
    record RoomInfo(String room, String epoch, long seq, List<String> members, int memberCount) {

        public RoomInfo(String room, String epoch, long seq, List<String> members) {
            this(room, epoch, seq, List.copyOf(members), members.size());
        }
    }

    /** A page of a room's messages, oldest first; {@code more} when the room keeps more in the page's direction. */
    record Page(String room, String epoch, List<ServerMessage.Posted> messages, boolean more) {
    }

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
