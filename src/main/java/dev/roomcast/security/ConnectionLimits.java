package dev.roomcast.security;

import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import java.util.List;
import java.util.function.Function;

/**
 * How many connections a node takes, read like {@link Settings}; the handshake guard refuses what is over
 * them before the upgrade. Open connections are counted when the guard looks, so a burst of handshakes that
 * arrive together may pass a count that they then exceed by as many as were in flight.
 *
 * @param maxConnections WebSocket connections open on this node, on every path; over it, 503
 * @param maxConnectionsPerUser connections one user (a token's subject) may hold open on this node; over it, 429
 * @param handshakesPerSecond new handshakes one client address may make per second, on average; over it, 429
 * @param handshakeBurst handshakes one client address may make at once after a quiet spell
 * @param unlimitedAddresses client addresses the handshake rate does not apply to (a reverse proxy that all
 *        clients come through, a monitoring host)
 * @param headerTimeoutSeconds (standalone runner) how long a new TCP connection may take to send a whole HTTP
 *        request header before it is dropped; an application server's HTTP listener has its own setting
 * @param keepAliveSeconds (standalone runner) how long an HTTP connection may stay idle after a response before
 *        it is dropped (an upgraded WebSocket connection is not an HTTP connection any more, and stays)
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerUser, int handshakesPerSecond,
                               int handshakeBurst, List<String> unlimitedAddresses, int headerTimeoutSeconds,
                               int keepAliveSeconds) {

    /** How long a client of a full node should wait before it tries again. */
    static final int FULL_RETRY_AFTER_SECONDS = 5;

    public static ConnectionLimits fromEnvironment() {
        return from(Settings::lookup);
    }

    public static ConnectionLimits from(Function<String, String> source) {
        SettingReader read = new SettingReader(source);
        return new ConnectionLimits(
                read.integer("max-connections", 20_000, 1),
                read.integer("max-connections-per-user", 20, 1),
                read.integer("handshakes-per-second", 10, 1),
                read.integer("handshake-burst", 30, 1),
                read.list("unlimited-addresses", List.of()),
                read.integer("header-timeout-seconds", 5, 1),
                read.integer("keep-alive-seconds", 30, 1));
    }
}
