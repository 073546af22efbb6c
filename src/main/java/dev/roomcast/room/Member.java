package dev.roomcast.room;

import java.util.List;

/** One connection's place in a room: who it is, and where its messages go. */
public interface Member {

    /** Unique per connection on this node. */
    String id();

    /** The connection's user; several connections (tabs) of one user are one member of the presence list. */
    String user();

    /** Hands {@code json} to the connection's outbox; must not block. */
    void deliver(String json);

    /** Hands a room's replay to the outbox as one entry, so that its length is not taken for slowness. */
    void deliverAll(List<String> json);

    /**
     * Closes the connection with 1012 after what is queued, so that the client reconnects and resumes: for
     * when the room's history changed under a live connection in a way no message can express (a clustered
     * store whose broker lost its data).
     */
    void reconnect(String why);
}
