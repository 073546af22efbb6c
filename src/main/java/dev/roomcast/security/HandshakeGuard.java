package dev.roomcast.security;

import java.util.Locale;

/**
 * Decides, before the upgrade, whether a WebSocket handshake may proceed: first the Origin policy (against
 * cross-site WebSocket hijacking), then, on paths that require it, a valid token. The servlet filter (WAR)
 * and the Grizzly filter (standalone) turn a refusal into an HTTP status; this class knows no server API.
 */
public final class HandshakeGuard {

    /** The outcome: proceed, or refuse with an HTTP status (401 or 403) and a reason for the log. */
    public record Decision(int status, String reason, Identity identity) {

        static Decision allow(Identity identity) {
            return new Decision(101, null, identity);
        }

        static Decision refuse(int status, String reason) {
            return new Decision(status, reason, null);
        }

        public boolean allowed() {
            return status == 101;
        }
    }

    private static final System.Logger LOG = System.getLogger(HandshakeGuard.class.getName());

    private final SecuritySettings settings;
    private final TokenVerifier verifier;

    public HandshakeGuard(SecuritySettings settings) {
        this.settings = settings;
        this.verifier = new TokenVerifier(settings);
        if (!settings.authPaths().isEmpty() && !verifier.hasKeys()) {
            LOG.log(System.Logger.Level.WARNING, "{0} require a token, but neither roomcast.jwt-secret nor "
                    + "roomcast.jwt-jwks-file is set: every connection to them is refused", settings.authPaths());
        }
    }

    public static HandshakeGuard fromEnvironment() {
        return new HandshakeGuard(SecuritySettings.fromEnvironment());
    }

    public SecuritySettings settings() {
        return settings;
    }

    public Decision check(Handshake handshake) {
        String origin = handshake.header("Origin");
        if (origin == null) {
            if (!settings.allowMissingOrigin()) {
                return Decision.refuse(403, "no Origin header");
            }
        } else if (!originAllowed(origin, handshake)) {
            return Decision.refuse(403, "origin " + origin + " is not allowed");
        }
        if (!settings.requiresToken(handshake.path())) {
            return Decision.allow(null);
        }
        return authenticate(handshake);
    }

    /** The identity a token proves, or a 401 decision; used again by the endpoint to learn who connected. */
    public Decision authenticate(Handshake handshake) {
        String token = handshake.token(settings.allowQueryToken());
        if (token == null) {
            return Decision.refuse(401, "no token");
        }
        try {
            return Decision.allow(verifier.verify(token));
        } catch (TokenVerifier.InvalidTokenException e) {
            return Decision.refuse(401, e.getMessage());
        }
    }

    private boolean originAllowed(String origin, Handshake handshake) {
        String normalized = origin.toLowerCase(Locale.ROOT);
        return normalized.equals(handshake.ownOrigin())
                || settings.allowedOrigins().stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
    }
}
