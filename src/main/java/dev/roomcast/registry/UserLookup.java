package dev.roomcast.registry;

import java.util.List;

/**
 * A user's chat connections on every node that answered, by node and connection; {@code unanswered} names the
 * nodes that were asked and did not answer in time (cut off from Redis, or just crashed).
 */
public record UserLookup(String user, List<UserConnection> connections, List<String> unanswered) {

    public UserLookup {
        connections = List.copyOf(connections);
        unanswered = List.copyOf(unanswered);
    }
}
