package dev.roomcast.standalone;

import java.util.concurrent.ExecutorService;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;

/**
 * An HTTP handler run on worker threads of its own. The runner reads every connection on its selector threads
 * and has no worker pool (WebSocket frames are never waited on), but a server API call waits for Redis: it must
 * not hold a selector thread, and with it every WebSocket that thread serves.
 */
final class OnWorkers extends HttpHandler {

    private final HttpHandler handler;
    private final ExecutorService workers;

    OnWorkers(HttpHandler handler, ExecutorService workers) {
        this.handler = handler;
        this.workers = workers;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        handler.service(request, response);
    }

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return request -> workers;
    }

    @Override
    public void start() {
        handler.start();
    }

    @Override
    public void destroy() {
        handler.destroy();
    }
}
