package dev.roomcast.endpoint;

import dev.roomcast.chat.ChatConnection;
import dev.roomcast.chat.ChatService;
import dev.roomcast.message.ClientMessage;
import dev.roomcast.message.ClientMessageDecoder;
import dev.roomcast.registry.Channel;
import dev.roomcast.registry.SessionRegistry;
import dev.roomcast.security.Handshake;
import dev.roomcast.security.Identity;
import dev.roomcast.security.IdentityConfigurator;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * The chat protocol (docs/PROTOCOL.md): JSON messages with a {@code type}, decoded into
 * {@link ClientMessage} records and handed to the {@link ChatService}. Who is connected comes from the
 * handshake: the token that the {@link dev.roomcast.security.HandshakeFilter} let through, read again by the
 * {@link IdentityConfigurator}.
 */
@ServerEndpoint(value = "/ws/chat", decoders = ClientMessageDecoder.class, subprotocols = Handshake.SUBPROTOCOL,
        configurator = IdentityConfigurator.class)
public class ChatEndpoint {

    @Inject
    SessionRegistry registry;

    @Inject
    ChatService chat;

    private ChatConnection connection;

    @OnOpen
    public void open(Session session) {
        Identity identity = (Identity) session.getUserProperties().get(Identity.PROPERTY);
        connection = chat.connect(registry.open(session, Channel.CHAT, identity == null ? null : identity.user()),
                identity);
    }

    @OnMessage
    public void message(ClientMessage message) {
        registry.received(Channel.CHAT);
        if (connection != null) {
            chat.receive(connection, message);
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (connection != null) {
            connection.heard(System.nanoTime());
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer data) {
        EndpointSupport.refuseBinary(registry, session);
    }

    @OnClose
    public void closed(Session session) {
        registry.remove(session); // which tears the chat connection down (see ChatService.connect)
    }

    @OnError
    public void failed(Session session, Throwable error) {
        EndpointSupport.failed(registry, session, error, invalid -> {
            if (connection != null) {
                chat.refuse(connection, invalid);
            }
        });
    }
}
