package dev.roomcast.endpoint;

import dev.roomcast.message.ErrorReply;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.message.TutorialMessage;
import dev.roomcast.message.TutorialMessageDecoder;
import dev.roomcast.message.TutorialReply;
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

/**
 * The tutorial's JSON exchange: {@code {"text": "..."}} in, {@code {"message": "Received: ..."}} back.
 * A message that does not decode is answered with an {@link ErrorReply}; the connection stays open.
 */
@ServerEndpoint(value = "/ws/json", decoders = TutorialMessageDecoder.class)
public class JsonEndpoint {

    private final JsonEncoder encoder = new JsonEncoder();

    @Inject
    SessionRegistry registry;

    private Outbox outbox;

    @OnOpen
    public void open(Session session) {
        outbox = registry.open(session, Channel.JSON);
    }

    @OnMessage
    public void message(TutorialMessage message) {
        registry.received(Channel.JSON);
        outbox.offer(encoder.encode(TutorialReply.received(message)));
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
        EndpointSupport.failed(registry, session, error, invalid -> outbox.offer(encoder.encode(ErrorReply.of(invalid))));
    }
}
