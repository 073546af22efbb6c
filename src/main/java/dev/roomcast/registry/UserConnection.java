package dev.roomcast.registry;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * One chat connection of a user, as the server API's user lookup shows it.
 *
 * @param id the connection's id (the WebSocket session's), unique on its node
 * @param node the node that holds it
 * @param connectedAt when its handshake was admitted
 * @param address the client's address (behind a trusted proxy, the one it forwarded), or null if unknown
 * @param rooms the rooms it has joined, by name
 */
@JsonbPropertyOrder({"id", "node", "connectedAt", "address", "rooms"})
public record UserConnection(String id, String node, Instant connectedAt, String address, List<String> rooms) {

    public UserConnection {
        rooms = List.copyOf(rooms);
    }
}
