package dev.roomcast.endpoint;

import dev.roomcast.registry.Channel;
import dev.roomcast.registry.Outbox;
import dev.roomcast.registry.SessionRegistry;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** The tutorial's echo: text in, {@code Message text was: <text>} back. */
@ServerEndpoint("/ws/echo")
public class EchoEndpoint {

    @Inject
    SessionRegistry registry;

    private Outbox outbox;

    @OnOpen
    public void open(Session session) {
        outbox = registry.open(session, Channel.ECHO);
    }

    @OnMessage
    public void echo(Session session, String text) {
        registry.received(Channel.ECHO);
        if (!EndpointSupport.refuseIfTooBig(registry, session, text)) {
            outbox.offer("Message text was: " + text);
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
