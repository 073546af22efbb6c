package dev.roomcast.endpoint;

import dev.roomcast.message.ErrorCode;
import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.MessageSize;
import dev.roomcast.registry.Outbox;
import dev.roomcast.registry.SessionRegistry;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * What every endpoint does the same way: refusing binary frames and turning failures into close codes.
 * Kept out of a base class because WebSocket containers do not agree on inherited annotated methods.
 */
final class EndpointSupport {

    private static final System.Logger LOG = System.getLogger(EndpointSupport.class.getName());

    private EndpointSupport() {
    }

    /** A binary frame on a text protocol: close with 1003, as RFC 6455 section 7.4.1 says. */
    static void refuseBinary(SessionRegistry registry, Session session) {
        close(registry, session, new CloseReason(CloseCodes.CANNOT_ACCEPT, "binary frames are not accepted"));
    }

    /**
     * Closes the session with 1009 when {@code text} is over its size limit and says whether it did. The
     * limit is the one the registry set on the session when it opened.
     */
    static boolean refuseIfTooBig(SessionRegistry registry, Session session, String text) {
        if (!MessageSize.exceeds(text, session.getMaxTextMessageBufferSize())) {
            return false;
        }
        refuseTooBig(registry, session);
        return true;
    }

    private static void refuseTooBig(SessionRegistry registry, Session session) {
        close(registry, session, new CloseReason(CloseCodes.TOO_BIG, "message too big"));
    }

    /**
     * An error on an endpoint with a decoder: a message that did not decode is answered by {@code answer}
     * (the connection stays open), one over the size limit is closed with 1009, anything else goes to
     * {@link #failed(SessionRegistry, Session, Throwable)}.
     */
    static void failed(SessionRegistry registry, Session session, Throwable error,
                       Consumer<InvalidMessageException> answer) {
        if (error instanceof DecodeException && error.getCause() instanceof InvalidMessageException invalid) {
            if (invalid.code() == ErrorCode.TOO_BIG) {
                refuseTooBig(registry, session);
            } else {
                answer.accept(invalid);
            }
        } else {
            failed(registry, session, error);
        }
    }

    /**
     * An error the endpoint did not handle itself. A peer that vanished is routine, and so is a message over
     * the size limit (the container reports it here as well as closing with 1009); anything else is our
     * fault and closes the session with 1011, without telling the client more than that.
     */
    static void failed(SessionRegistry registry, Session session, Throwable error) {
        if (isPeerGone(error)) {
            LOG.log(System.Logger.Level.DEBUG, "session {0}: peer gone: {1}", session.getId(), error);
            registry.remove(session);
            return;
        }
        if (isTooBig(error)) {
            LOG.log(System.Logger.Level.DEBUG, "session {0}: message too big", session.getId());
            refuseTooBig(registry, session);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "session " + session.getId() + ": unexpected error", error);
        close(registry, session, new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "internal server error"));
    }

    private static void close(SessionRegistry registry, Session session, CloseReason reason) {
        Outbox outbox = registry.outbox(session);
        if (outbox != null) {
            outbox.close(reason); // before it leaves the registry, which ends its writing
            registry.remove(session);
        } else if (session.isOpen()) {
            try {
                session.close(reason);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "session {0} was already gone", session.getId());
            }
        }
    }

    /** Containers name their own exception for it (Tyrus: MessageTooBigException); the API has none. */
    private static boolean isTooBig(Throwable error) {
        return error.getClass().getSimpleName().contains("TooBig");
    }

    private static boolean isPeerGone(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
