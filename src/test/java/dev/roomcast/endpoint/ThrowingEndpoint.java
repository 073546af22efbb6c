package dev.roomcast.endpoint;

import dev.roomcast.registry.Channel;
import dev.roomcast.registry.SessionRegistry;
import jakarta.inject.Inject;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Test-only endpoint whose handler fails the way a bug would, to check that the shared error path closes
 * with 1011 and tells the client nothing about the cause. It exists only in the standalone test server.
 */
@ServerEndpoint("/ws/test/throwing")
public class ThrowingEndpoint {

    public static final String SECRET = "secret-internal-detail";

    @Inject
    SessionRegistry registry;

    @OnOpen
    public void open(Session session) {
        registry.open(session, Channel.ECHO);
    }

    @OnMessage
    public void fail(String text) {
        throw new IllegalStateException(SECRET);
    }

    @OnError
    public void failed(Session session, Throwable error) {
        EndpointSupport.failed(registry, session, error);
    }
}
