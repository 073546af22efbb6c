package dev.roomcast.standalone;

import dev.roomcast.concurrent.SerialExecutor;
import dev.roomcast.concurrent.ThreadStripes;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Parameters;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.grizzly.utils.Charsets;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Carries WebSocket connections between Grizzly and a Tyrus engine, in place of Tyrus's own Grizzly add-on,
 * for one reason: memory. Tyrus's filter sits behind Grizzly's HTTP codec, so every frame of a WebSocket
 * connection arrives as content of its upgrade request, and that request, with each of its headers parsed
 * into chunk objects, stays alive as long as the connection: about 15 KiB of a measured 17.7 KiB of heap per
 * idle connection (docs/PERFORMANCE.md). Here the handshake still goes through the codec, but once it
 * succeeds the codec lets go of the request, and the connection's bytes go straight from the transport (or
 * TLS) filter to Tyrus.
 *
 * <p>Two filters share one connection attribute, the upgraded {@link Upgraded} connection:
 * <ul>
 * <li>{@link UpgradeFilter}, after the HTTP codec, answers upgrade requests through the engine;
 * <li>{@link FrameFilter}, before the codec, hands an upgraded connection's bytes to Tyrus.
 * </ul>
 */
final class WebSocketFilters implements AddOn {

    /**
     * An upgraded connection: Tyrus's end of it, and the executor that keeps its reads and its close in one
     * order (a close reported by another thread must not overtake, or run beside, a read in progress).
     */
    private record Upgraded(org.glassfish.tyrus.spi.Connection tyrus, SerialExecutor events) {
    }

    private static final Attribute<Upgraded> UPGRADED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WebSocketFilters.class.getName() + ".upgraded");

    private final WebSocketEngine engine;
    private final ThreadStripes writeThreads;

    WebSocketFilters(WebSocketEngine engine, ThreadStripes writeThreads) {
        this.engine = engine;
        this.writeThreads = writeThreads;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        builder.add(builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class), new FrameFilter());
        builder.add(builder.indexOfType(org.glassfish.grizzly.http.server.HttpServerFilter.class), new UpgradeFilter());
    }

    /** Before the HTTP codec: an upgraded connection's bytes are frames, and go to Tyrus as they are. */
    private static final class FrameFilter extends BaseFilter {

        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            Upgraded upgraded = UPGRADED.get(ctx.getConnection());
            if (upgraded == null) {
                return ctx.getInvokeAction();
            }
            read(upgraded, ctx.<Buffer>getMessage());
            return ctx.getStopAction();
        }

        /**
         * Tells Tyrus, and lets the close go on up the chain: the filters after the codec (Grizzly's
         * keep-alive idle-timeout filter among them) hold the connection until they hear of its close.
         */
        @Override
        public NextAction handleClose(FilterChainContext ctx) {
            Upgraded upgraded = UPGRADED.get(ctx.getConnection());
            if (upgraded != null) {
                closed(upgraded);
            }
            return ctx.getInvokeAction();
        }
    }

    /** After the HTTP codec: answers an upgrade request, and on success turns the connection over to Tyrus. */
    private final class UpgradeFilter extends BaseFilter {

        /**
         * An upgrade to anything but WebSocket (h2c, which Java's HttpClient and {@code curl --http2} ask for on
         * every plain-HTTP request) is declined, as RFC 9110 lets a server do: the request stays an HTTP/1.1 request
         * with its body. Left alone, Grizzly's codec would take the bytes after the headers for the new protocol's
         * and a POST would wait for its body forever.
         */
        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) {
            if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
                HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
                if (!"websocket".equalsIgnoreCase(header.getUpgrade())) {
                    header.getUpgradeDC().recycle();
                    header.setIgnoreContentModifiers(false);
                }
            }
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            if (!(ctx.getMessage() instanceof HttpContent content)
                    || !(content.getHttpHeader() instanceof HttpRequestPacket request)
                    || !"websocket".equalsIgnoreCase(request.getUpgrade())) {
                return ctx.getInvokeAction();
            }
            TyrusUpgradeResponse answer = new TyrusUpgradeResponse();
            WebSocketEngine.UpgradeInfo upgrade = engine.upgrade(upgradeRequest(request), answer);
            switch (upgrade.getStatus()) {
                case SUCCESS -> {
                    ctx.write(HttpContent.builder(response(request, answer)).build());
                    Connection<?> connection = ctx.getConnection();
                    SocketWriter writer = new SocketWriter(connection, writeThreads.forKey(connection));
                    Upgraded upgraded = new Upgraded(
                            SocketWriter.opening(writer, () -> upgrade.createConnection(writer, reason -> writer.close())),
                            new SerialExecutor());
                    UPGRADED.set(connection, upgraded);
                    // From here on the codec sees none of this connection's bytes: let go of the request.
                    connection.getAttributes().removeAttribute(
                            org.glassfish.grizzly.http.HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
                    if (content.getContent().hasRemaining()) {
                        read(upgraded, content.getContent()); // frames sent right behind the request
                    }
                    return ctx.getStopAction();
                }
                case HANDSHAKE_FAILED -> {
                    // The guard has refused a bad key or version already; what Tyrus still fails here (a
                    // Connection header without "Upgrade", say) is the request's fault too, yet Tyrus reports
                    // it with its exception's default status, 500.
                    int status = answer.getStatus() == 500 ? 400 : answer.getStatus();
                    return HandshakeRefusal.send(ctx, request, status, headers(answer));
                }
                default -> {
                    return ctx.getInvokeAction(); // no endpoint at this path: the HTTP handlers answer
                }
            }
        }
    }

    private static void read(Upgraded upgraded, Buffer buffer) {
        ReadHandler reader = upgraded.tyrus().getReadHandler();
        if (!buffer.isComposite()) {
            ByteBuffer bytes = buffer.toByteBuffer();
            upgraded.events().execute(() -> reader.handle(bytes));
            return;
        }
        ByteBufferArray parts = buffer.toByteBufferArray();
        for (int i = 0; i < parts.size(); i++) {
            ByteBuffer bytes = parts.getArray()[i];
            upgraded.events().execute(() -> reader.handle(bytes));
        }
        parts.recycle();
    }

    /**
     * The socket is gone, however it went (Grizzly reports every close to the filters); Tyrus closes the
     * session with 1006 unless a close handshake came first.
     */
    private static void closed(Upgraded upgraded) {
        upgraded.events().execute(() -> upgraded.tyrus().close(CloseReasons.CLOSED_ABNORMALLY.getCloseReason()));
    }

    private static RequestContext upgradeRequest(HttpRequestPacket request) {
        Parameters parameters = new Parameters();
        parameters.setQuery(request.getQueryStringDC());
        parameters.setQueryStringEncoding(Charsets.UTF8_CHARSET);
        Map<String, String[]> parameterMap = new HashMap<>();
        for (String name : parameters.getParameterNames()) {
            parameterMap.put(name, parameters.getParameterValues(name));
        }
        RequestContext context = RequestContext.Builder.create()
                .requestURI(URI.create(request.getRequestURI()))
                .queryString(request.getQueryString())
                .parameterMap(parameterMap)
                .secure(request.isSecure())
                .remoteAddr(request.getRemoteAddress())
                .serverAddr(request.getLocalHost() == null ? request.getLocalAddress() : request.getLocalHost())
                .serverPort(request.getLocalPort())
                .build();
        for (String name : request.getHeaders().names()) {
            for (String value : request.getHeaders().values(name)) {
                context.getHeaders().computeIfAbsent(name, key -> new ArrayList<>())
                        .addAll(Utils.parseHeaderValue(value.trim()));
            }
        }
        return context;
    }

    private static HttpResponsePacket response(HttpRequestPacket request, UpgradeResponse answer) {
        HttpResponsePacket response = request.getResponse();
        response.setProtocol(Protocol.HTTP_1_1);
        response.setStatus(answer.getStatus());
        if (answer.getReasonPhrase() != null) {
            response.setReasonPhrase(answer.getReasonPhrase());
        }
        headers(answer).forEach(response::setHeader);
        return response;
    }

    /** Tyrus's answer headers, each as one header line's value. */
    private static Map<String, String> headers(UpgradeResponse answer) {
        Map<String, String> headers = new HashMap<>();
        answer.getHeaders().forEach((name, values) -> headers.put(name, Utils.getHeaderFromList(values)));
        return headers;
    }
}
