package dev.roomcast.room;

/**
 * Who is connected, for the backend's {@code user_connected} and {@code user_disconnected}: told of every chat
 * connection that opens and ends, it reports a user's first connection and the end of their last one, on this
 * node alone ({@link LocalConnectedUsers}) or on the whole cluster (its Redis implementation). Both calls return
 * at once; neither waits for a broker.
 */
public interface ConnectedUsers {

    /** A chat connection of {@code user} opened on this node. */
    void connected(String user);

    /** A chat connection of {@code user} on this node ended; called once for each {@link #connected}. */
    void disconnected(String user);
}
