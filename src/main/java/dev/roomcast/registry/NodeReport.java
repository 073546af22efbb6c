package dev.roomcast.registry;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * One node's figures at {@code sampledAt}, as the server API's node list and the console show them. The totals
 * count from the node's start, so that a reader takes rates from two samples, as Prometheus does.
 *
 * @param ready whether the node accepts connections and reaches its broker ({@code /health/ready})
 * @param connections WebSocket connections open on the node, every path
 * @param users users with a chat connection on the node
 * @param rooms rooms the node holds
 * @param received messages received from clients, total
 * @param delivered messages written to clients, total
 * @param sendQueueMax the longest send queue of any connection now
 * @param refused handshakes refused before the upgrade, total per reason
 */
@JsonbPropertyOrder({"node", "version", "startedAt", "sampledAt", "ready", "connections", "users", "rooms", "received",
        "delivered", "sendQueueMax", "refused"})
public record NodeReport(String node, String version, Instant startedAt, Instant sampledAt, boolean ready,
                         int connections, int users, int rooms, long received, long delivered, long sendQueueMax,
                         JsonObject refused) {
}
