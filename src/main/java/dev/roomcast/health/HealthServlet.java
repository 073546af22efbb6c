package dev.roomcast.health;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /health}, {@code /health/ready} and {@code /health/live} on an application server. */
@WebServlet("/health/*")
public class HealthServlet extends HttpServlet {

    @Inject
    HealthCheck health;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(health.status(request.getPathInfo()));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(health.report());
    }
}
