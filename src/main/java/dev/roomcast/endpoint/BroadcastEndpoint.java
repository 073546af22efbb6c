package dev.roomcast.endpoint;

import dev.roomcast.registry.Channel;
import dev.roomcast.registry.SessionRegistry;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * The tutorial's group chat: text in, {@code New message: <text>} to every other connection on this
 * endpoint, nothing back to the sender. Each recipient's outbox absorbs its own slowness.
 */
@ServerEndpoint("/ws/broadcast")
public class BroadcastEndpoint {

    @Inject
    SessionRegistry registry;

    @OnOpen
    public void open(Session session) {
        registry.open(session, Channel.BROADCAST);
    }

    @OnMessage
    public void broadcast(Session session, String text) {
        registry.received(Channel.BROADCAST);
        if (!EndpointSupport.refuseIfTooBig(registry, session, text)) {
            registry.broadcast(Channel.BROADCAST, "New message: " + text, session);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer data) {
        EndpointSupport.refuseBinary(registry, session);
    }

    @OnClose
    public void closed(Session session) {
        registry.remove(session);
    }

    @OnError
    public void failed(Session session, Throwable error) {
        EndpointSupport.failed(registry, session, error);
    }
}
