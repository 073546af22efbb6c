package dev.roomcast.standalone;

import java.util.Map;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * The answer to a refused upgrade request: the status, no body, and the end of the connection, so that the
 * client never waits for a body and nothing it sent behind the request is read as another one.
 */
final class HandshakeRefusal {

    /** Reason phrases Grizzly does not know (it would say "CUSTOM"). */
    private static final Map<Integer, String> REASONS = Map.of(426, "Upgrade Required");

    private HandshakeRefusal() {
    }

    /** Writes the refusal, closes the connection once it is written, and stops the request here. */
    static NextAction send(FilterChainContext ctx, HttpRequestPacket request, int status, Map<String, String> headers) {
        HttpResponsePacket.Builder response = HttpResponsePacket.builder(request)
                .status(status)
                .reasonPhrase(REASONS.getOrDefault(status, HttpStatus.getHttpStatus(status).getReasonPhrase()))
                .protocol(request.getProtocol())
                .contentLength(0)
                .header(Header.Connection, "close");
        headers.forEach(response::header);
        Connection<?> connection = ctx.getConnection();
        ctx.write(HttpContent.builder(response.build()).last(true).build(), new EmptyCompletionHandler<WriteResult>() {
            @Override
            public void completed(WriteResult result) {
                connection.closeSilently();
            }
        });
        return ctx.getStopAction();
    }
}
