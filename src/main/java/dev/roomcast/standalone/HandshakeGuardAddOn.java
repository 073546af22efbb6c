package dev.roomcast.standalone;

import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.security.Handshake;
import dev.roomcast.security.HandshakeGuard;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * The standalone twin of the WAR's {@code HandshakeFilter}: a Grizzly filter placed before the upgrade
 * ({@link WebSocketFilters}), so a refused upgrade gets a plain HTTP status ({@link HandshakeRefusal})
 * instead of reaching Tyrus, whose own refusal leaves upgrade headers behind and can even run
 * {@code @OnOpen}. A plain request to a path that needs a token gets the guard's
 * {@linkplain HandshakeGuard#admit answer about its credentials}, as in the WAR.
 *
 * <p>It also drops a connection that has not sent a whole request header within {@code headerTimeout} of
 * opening (a slow-header attack holds connections open that way), and a kept-alive HTTP connection that sends no
 * next request within {@code keepAlive} of its last response; an application server's HTTP listener has its own
 * settings for both. Grizzly's own keep-alive timeout cannot do the second: it would also close every upgraded
 * WebSocket connection, whose frames bypass the HTTP codec that would have told it the connection is busy.
 */
final class HandshakeGuardAddOn implements AddOn {

    private static final Attribute<ScheduledFuture<?>> HEADER_DEADLINE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HandshakeGuardAddOn.class.getName() + ".deadline");

    private final HandshakeGuard guard;
    private final Scheduler scheduler;
    private final Duration headerTimeout;
    private final Duration keepAlive;

    HandshakeGuardAddOn(HandshakeGuard guard, Scheduler scheduler, Duration headerTimeout, Duration keepAlive) {
        this.guard = guard;
        this.scheduler = scheduler;
        this.headerTimeout = headerTimeout;
        this.keepAlive = keepAlive;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        builder.add(builder.indexOfType(HttpServerFilter.class), new GuardFilter());
    }

    private final class GuardFilter extends BaseFilter {

        @Override
        public NextAction handleAccept(FilterChainContext ctx) throws IOException {
            Connection<?> connection = ctx.getConnection();
            HEADER_DEADLINE.set(connection, scheduler.after(headerTimeout, connection::closeSilently));
            return ctx.getInvokeAction();
        }

        /**
         * A response's last part, on its way out: the connection is idle from here until its next request, which
         * must come within the keep-alive time. Not after a 101: the connection is a WebSocket from then on.
         */
        @Override
        public NextAction handleWrite(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content && content.isLast()
                    && content.getHttpHeader() instanceof HttpResponsePacket response && response.getStatus() != 101) {
                Connection<?> connection = ctx.getConnection();
                cancelDeadline(connection);
                HEADER_DEADLINE.set(connection, scheduler.after(keepAlive, connection::closeSilently));
            }
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleClose(FilterChainContext ctx) throws IOException {
            cancelDeadline(ctx.getConnection());
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (!(ctx.getMessage() instanceof HttpContent content)
                    || !(content.getHttpHeader() instanceof HttpRequestPacket request)) {
                return ctx.getInvokeAction();
            }
            cancelDeadline(ctx.getConnection()); // a whole header has arrived
            Handshake handshake = new Handshake(request.getRequestURI(), request.isSecure(),
                    name -> values(request, name), query(request.getQueryString()),
                    request.getRemoteAddress());
            CompletableFuture<HandshakeGuard.Decision> admission =
                    guard.admit(handshake, "websocket".equalsIgnoreCase(request.getUpgrade())).toCompletableFuture();
            if (admission.isDone()) {
                return go(ctx, request, admission.join());
            }
            // The connect proxy is asked: this is a selector thread, which must not wait. The request's processing
            // is suspended and goes on, upgrade included, on the thread that completes the answer.
            ctx.suspend();
            admission.whenComplete((decision, failure) -> ctx.resume(failure == null ? go(ctx, request, decision)
                    : HandshakeRefusal.send(ctx, request, 500, Map.of())));
            return ctx.getSuspendAction();
        }

        private static NextAction go(FilterChainContext ctx, HttpRequestPacket request, HandshakeGuard.Decision decision) {
            if (decision == null || decision.allowed()) {
                return ctx.getInvokeAction();
            }
            return HandshakeRefusal.send(ctx, request, decision.status(), decision.headers());
        }

        private static void cancelDeadline(Connection<?> connection) {
            ScheduledFuture<?> deadline = HEADER_DEADLINE.remove(connection);
            if (deadline != null) {
                deadline.cancel(false);
            }
        }

        private static List<String> values(HttpRequestPacket request, String name) {
            List<String> values = new ArrayList<>();
            request.getHeaders().values(name).forEach(values::add);
            return values.isEmpty() ? null : values;
        }

        private static Map<String, List<String>> query(String raw) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int equals = pair.indexOf('=');
                    String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                    String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                    query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
                }
            }
            return query;
        }
    }
}
