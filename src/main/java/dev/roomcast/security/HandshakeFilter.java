package dev.roomcast.security;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The WAR's gate in front of every WebSocket path: a refused handshake gets its HTTP status (400, 401, 403
 * or 426) and never an upgrade; a plain request to a path that needs a token gets the guard's
 * {@linkplain HandshakeGuard#admit answer about its credentials}. A servlet filter is the portable place for this: the containers run the
 * application's filters before their own WebSocket upgrade, and {@code modifyHandshake} cannot set a status.
 */
@WebFilter("/ws/*")
public class HandshakeFilter extends HttpFilter {

    @Inject
    HandshakeGuard guard;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Handshake handshake = new Handshake(path, request.isSecure(),
                name -> Collections.list(request.getHeaders(name)), query(request), request.getRemoteAddr());
        // A request thread of the server's: it may wait for a connect proxy's answer (at most its timeout).
        HandshakeGuard.Decision decision = guard.admit(handshake,
                "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))).toCompletableFuture().join();
        if (decision == null || decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(decision.status());
        decision.headers().forEach(response::setHeader);
        response.setHeader("Connection", "close");
        response.setContentLength(0);
    }

    private static Map<String, List<String>> query(HttpServletRequest request) {
        return request.getParameterMap().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue())));
    }
}
