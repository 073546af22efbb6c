package dev.roomcast.backend;

/**
 * Who a proxy request is on behalf of, as the backend receives it: the user, the connection's id, the node that
 * holds it, and the client's address as that node saw it (a reverse proxy's, behind one; null when unknown).
 */
public record Caller(String user, String connection, String node, String address) {
}
