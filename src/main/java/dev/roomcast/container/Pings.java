package dev.roomcast.container;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;

/**
 * Sends a WebSocket ping frame without blocking the thread, on every runtime, and says when it is written.
 *
 * <p>The API's {@code RemoteEndpoint.Async.sendPing} has no completion handler, and may block: Tyrus queues the
 * frame and returns at once, but Undertow (WildFly) sends it with {@code WebSockets.sendPingBlocking}, which waits
 * until the frame is on the wire. To a client that has stopped reading, that is for ever, and the waiting thread is
 * the heartbeat's or an I/O thread. So on an Undertow session the ping goes through Undertow's own asynchronous
 * {@code WebSockets.sendPing} with a callback, reached by reflection through the session's class loader (the WAR
 * compiles against no Undertow WebSocket classes, whose service files would clash with Tyrus's on the runner);
 * anywhere else, and should those methods not be there, through the portable call, which completes when it
 * returns.
 */
public final class Pings {

    private static final System.Logger LOG = System.getLogger(Pings.class.getName());
    private static final String UNDERTOW_SESSION = "io.undertow.websockets.jsr.UndertowSession";

    /** Undertow's asynchronous ping for a session class, found on its first session; null elsewhere. */
    private static final ClassValue<UndertowPing> UNDERTOW = new ClassValue<>() {
        @Override
        protected UndertowPing computeValue(Class<?> type) {
            if (!type.getName().equals(UNDERTOW_SESSION)) {
                return null;
            }
            try {
                UndertowPing ping = UndertowPing.find(type);
                LOG.log(System.Logger.Level.INFO, "Undertow sessions: pings are sent asynchronously");
                return ping;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Undertow sessions: no asynchronous ping found, so a ping to a "
                        + "client that does not read can block its thread", e);
                return null;
            }
        }
    };

    private Pings() {
    }

    /**
     * Sends a ping with {@code payload} (at most 125 bytes); {@code done} hears when it is written or has failed.
     * Throws as {@code sendPing} does when the container refuses the frame outright (the session is closing).
     */
    public static void send(Session session, ByteBuffer payload, SendHandler done) throws IOException {
        UndertowPing undertow = UNDERTOW.get(session.getClass());
        if (undertow != null) {
            undertow.send(session, payload, done);
            return;
        }
        session.getAsyncRemote().sendPing(payload);
        done.onResult(new SendResult()); // Tyrus queues the frame and returns: as written as a text handed over
    }

    /**
     * {@code WebSockets.sendPing(ByteBuffer, WebSocketChannel, WebSocketCallback)} on the session's channel, its
     * callback made as a proxy of Undertow's {@code WebSocketCallback}.
     */
    private record UndertowPing(MethodHandle channel, MethodHandle sendPing, Class<?> callback) {

        static UndertowPing find(Class<?> sessionType) throws ReflectiveOperationException {
            ClassLoader loader = sessionType.getClassLoader();
            Class<?> channelType = Class.forName("io.undertow.websockets.core.WebSocketChannel", false, loader);
            Class<?> callbackType = Class.forName("io.undertow.websockets.core.WebSocketCallback", false, loader);
            Class<?> websockets = Class.forName("io.undertow.websockets.core.WebSockets", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle channel = lookup.findVirtual(sessionType, "getWebSocketChannel", MethodType.methodType(channelType));
            MethodHandle sendPing = lookup.findStatic(websockets, "sendPing",
                    MethodType.methodType(void.class, ByteBuffer.class, channelType, callbackType));
            return new UndertowPing(channel, sendPing, callbackType);
        }

        void send(Session session, ByteBuffer payload, SendHandler done) throws IOException {
            Object listener = Proxy.newProxyInstance(callback.getClassLoader(), new Class<?>[] {callback},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "complete" -> done.onResult(new SendResult());
                            case "onError" -> done.onResult(new SendResult((Throwable) args[2]));
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            case "toString" -> {
                                return "roomcast ping callback";
                            }
                            default -> {
                                // nothing else is called
                            }
                        }
                        return null;
                    });
            try {
                sendPing.invoke(payload, channel.invoke(session), listener);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IOException("Undertow refused the ping", e);
            }
        }
    }
}
