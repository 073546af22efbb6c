package dev.roomcast.standalone;

import dev.roomcast.health.HealthCheck;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/** {@code GET /health}, {@code /health/ready} and {@code /health/live} on the standalone server. */
final class HealthHandler extends HttpHandler {

    private final HealthCheck health;

    HealthHandler(HealthCheck health) {
        this.health = health;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        response.setStatus(health.status(request.getPathInfo()));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(health.report());
    }
}
