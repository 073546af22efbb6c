package dev.roomcast.registry;

import java.util.List;

/**
 * The chat connections this node holds for a user, described: what the chat service knows (rooms) that the
 * registry does not, offered to {@link LocalUsers} without the registry depending on the chat.
 */
public interface ChatConnections {

    List<UserConnection> of(String user);
}
