package dev.roomcast.security;

import dev.roomcast.backend.ConnectRequest;
import dev.roomcast.backend.Proxies;
import dev.roomcast.backend.SignIn;
import dev.roomcast.config.RoomPatterns;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Decides, before the upgrade, whether a WebSocket handshake may proceed: first the client address's (the
 * peer's, or behind a {@linkplain TrustedProxies trusted proxy} the one it forwards) handshake rate (the cheapest check, so a flood costs least), then the form (RFC 6455, section 4.2.1: a
 * 16-byte key, version 13), so that every runtime answers a malformed one alike, then the Origin policy
 * (against cross-site WebSocket hijacking), then the node's capacity, then, on paths that require it, a
 * valid token, the application's bans, and the user's share of connections ({@link ConnectionLimits}). The servlet filter (WAR) and
 * the Grizzly filter (standalone) turn a refusal into an HTTP status; this class knows no server API.
 */
public final class HandshakeGuard {

    /**
     * The outcome: proceed, or refuse with an HTTP status (400, 401, 403, 426, 429 or 503; a 403 with a
     * {@code Retry-After} is a ban by the application), a reason for the
     * log, and for a refusal that passes, how many seconds to wait (0: none given).
     */
    public record Decision(int status, String cause, String reason, Identity identity, long retryAfterSeconds) {

        static Decision allow(Identity identity) {
            return new Decision(101, null, null, identity, 0);
        }

        /** {@code cause}: a stable word for the metrics' {@code reason} label; {@code reason}: for the log. */
        static Decision refuse(int status, String cause, String reason) {
            return new Decision(status, cause, reason, null, 0);
        }

        static Decision refuse(int status, String cause, String reason, long retryAfterSeconds) {
            return new Decision(status, cause, reason, null, retryAfterSeconds);
        }

        public boolean allowed() {
            return status == 101;
        }

        /**
         * What a refusal tells the client besides its status: how to authenticate, which version to speak,
         * when to come back.
         */
        public Map<String, String> headers() {
            if (retryAfterSeconds > 0) {
                return Map.of("Retry-After", Long.toString(retryAfterSeconds));
            }
            return switch (status) {
                case 401 -> Map.of("WWW-Authenticate", "Bearer");
                case 426 -> Map.of("Sec-WebSocket-Version", SUPPORTED_VERSION);
                default -> Map.of();
            };
        }
    }

    /** Every cause of a refused handshake, counted from zero so that a dashboard sees each from the start. */
    public static final List<String> CAUSES =
            List.of("rate", "version", "malformed", "origin", "capacity", "token", "banned", "user_limit", "backend");
    private static final String REFUSED = "roomcast.handshakes.refused";
    private static final String SUPPORTED_VERSION = "13";
    private static final int KEY_BYTES = 16;

    private static final System.Logger LOG = System.getLogger(HandshakeGuard.class.getName());

    /** Addresses tracked beyond which the quiet ones are forgotten, so that the map stays bounded. */
    private static final int TRACKED_ADDRESSES = 10_000;

    private final SecuritySettings settings;
    private final TokenVerifier verifier;
    private final ConnectionLimits limits;
    private final OpenConnections open;
    private final ToLongFunction<String> banSeconds;
    private final Proxies proxies;
    private final MeterRegistry meters;
    private final Map<String, TokenBucket> handshakeRates = new ConcurrentHashMap<>();
    /**
     * Identities that {@link #admit} has just verified, by token, until the endpoint's configurator takes them
     * ({@link #identity}): one signature check per handshake. An entry is only ever taken after a check of the same
     * token has passed; one left by a handshake that failed after the check is overwritten or cleared.
     */
    private final Map<String, Identity> verified = new ConcurrentHashMap<>();
    private final RefusalLog refusals = new RefusalLog();

    /**
     * {@code banSeconds} tells how long a user is still banned by the application (0: not banned); a handshake
     * without a token goes to the connect proxy of {@code proxies}, when it has one; refused handshakes are counted
     * in {@code meters} as {@code roomcast.handshakes.refused}, by cause.
     */
    public HandshakeGuard(SecuritySettings settings, ConnectionLimits limits, TokenVerifier verifier,
                          OpenConnections open, ToLongFunction<String> banSeconds, Proxies proxies,
                          MeterRegistry meters) {
        this.settings = settings;
        this.verifier = verifier;
        this.limits = limits;
        this.open = open;
        this.banSeconds = banSeconds;
        this.proxies = proxies;
        this.meters = meters;
        registerMeters(meters);
        if (!settings.authPaths().isEmpty() && !verifier.hasKeys()) {
            LOG.log(System.Logger.Level.WARNING, "{0} require a token, but neither roomcast.jwt-secret nor "
                    + "roomcast.jwt-jwks-file is set: every connection to them is refused", settings.authPaths());
        }
    }

    /**
     * Registers the refused-handshake counters, one per cause, from zero; the guard does so itself, and the
     * application does at start, since a server may make its filter (and so the guard) only on the first request.
     */
    public static void registerMeters(MeterRegistry meters) {
        CAUSES.forEach(cause -> Counter.builder(REFUSED).tag("reason", cause)
                .description("WebSocket handshakes refused before the upgrade, by cause").register(meters));
    }

    public SecuritySettings settings() {
        return settings;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /**
     * What becomes of a request before it reaches an endpoint: an {@code upgrade} is checked, a plain request
     * {@linkplain #probe probed}; null for a plain request that is none of the guard's business. Complete at once,
     * unless the backend's connect proxy is asked who the request's cookies sign in: then when it has answered
     * (at most the proxy's timeout), so that the edge can wait without holding a thread (the runner's selector
     * thread must not) or on a request thread of its own (a servlet filter's).
     */
    public CompletionStage<Decision> admit(Handshake handshake, boolean upgrade) {
        Handshake client = handshake.from(settings.trustedProxies().clientOf(handshake.address(), handshake.headers()));
        return upgrade ? check(client) : probe(client);
    }

    private CompletionStage<Decision> check(Handshake handshake) {
        return decide(handshake).thenApply(decision -> {
            if (!decision.allowed()) {
                meters.counter(REFUSED, "reason", decision.cause()).increment();
                refusals.refused(handshake, decision);
            }
            return decision;
        });
    }

    private CompletionStage<Decision> decide(Handshake handshake) {
        Decision early = beforeIdentity(handshake);
        if (early != null) {
            return CompletableFuture.completedFuture(early);
        }
        return authenticate(handshake).thenApply(decision -> withIdentity(handshake, decision));
    }

    /** A refusal for what can be told without knowing the user, an admission for a path that needs no token; else null. */
    private Decision beforeIdentity(Handshake handshake) {
        Decision rate = rateOf(handshake);
        if (rate != null) {
            return rate;
        }
        String version = handshake.header("Sec-WebSocket-Version");
        if (!SUPPORTED_VERSION.equals(version == null ? null : version.trim())) {
            return Decision.refuse(426, "version", "unsupported WebSocket version " + version);
        }
        if (!wellFormedKey(handshake.header("Sec-WebSocket-Key"))) {
            return Decision.refuse(400, "malformed", "missing or malformed Sec-WebSocket-Key");
        }
        String origin = handshake.header("Origin");
        if (origin == null) {
            if (!settings.allowMissingOrigin()) {
                return Decision.refuse(403, "origin", "no Origin header");
            }
        } else if (!originAllowed(origin, handshake)) {
            return Decision.refuse(403, "origin", "origin " + origin + " is not allowed");
        }
        if (open.total() >= limits.maxConnections()) {
            return Decision.refuse(503, "capacity", "this node holds " + limits.maxConnections() + " connections",
                    ConnectionLimits.FULL_RETRY_AFTER_SECONDS);
        }
        if (!settings.requiresToken(handshake.path())) {
            return Decision.allow(null);
        }
        return null;
    }

    /** The limits that depend on who connects: the application's bans and the user's share of connections. */
    private Decision withIdentity(Handshake handshake, Decision decision) {
        long banned = decision.allowed() ? banSeconds.applyAsLong(decision.identity().user()) : 0;
        if (banned > 0) {
            return Decision.refuse(403, "banned", decision.identity().user() + " is banned for " + banned + " s", banned);
        }
        if (decision.allowed() && open.of(decision.identity().user()) >= limits.maxConnectionsPerUser()) {
            return Decision.refuse(429, "user_limit", decision.identity().user() + " holds " + limits.maxConnectionsPerUser()
                    + " connections here");
        }
        if (decision.allowed()) {
            if (verified.size() > TRACKED_ADDRESSES) {
                verified.clear();
            }
            verified.put(verifiedKey(handshake), decision.identity().from(handshake.address()));
        }
        return decision;
    }

    /** A 429 when the handshake's client address is over its rate, else null. */
    private Decision rateOf(Handshake handshake) {
        String address = handshake.address();
        if (address == null || limits.unlimitedAddresses().contains(address)) {
            return null;
        }
        long now = System.nanoTime();
        if (handshakeRates.size() > TRACKED_ADDRESSES) {
            handshakeRates.values().removeIf(bucket -> bucket.full(now));
        }
        long waitMillis = handshakeRates
                .computeIfAbsent(address, key -> new TokenBucket(limits.handshakesPerSecond(), limits.handshakeBurst(), now))
                .tryTake(now);
        return waitMillis == 0 ? null
                : Decision.refuse(429, "rate", "too many handshakes from " + address, (waitMillis + 999) / 1000);
    }

    /**
     * A plain request (no upgrade) to a path that requires a token: checks the credentials it carries without
     * connecting, and answers 401 when a handshake with them would be refused, 426 when it would be let in.
     * Browsers never see the status of a refused handshake (the WebSocket API reports a close with 1006), so
     * a client asks this when a connection fails before its welcome, to tell a refused token from a network
     * fault. Empty for paths that need no token: such requests go on as they are.
     */
    private CompletionStage<Decision> probe(Handshake handshake) {
        if (!settings.requiresToken(handshake.path())) {
            return CompletableFuture.completedFuture(null);
        }
        Decision rate = rateOf(handshake); // no cheaper way to try tokens than a handshake
        if (rate != null) {
            return CompletableFuture.completedFuture(rate);
        }
        return authenticate(handshake).thenApply(decision -> decision.allowed()
                ? Decision.refuse(426, "probe", "credentials accepted; upgrade to connect") : decision);
    }

    /** The identity a token proves, or the one the connect proxy names for the cookies; else a 401 decision. */
    private CompletionStage<Decision> authenticate(Handshake handshake) {
        String token = handshake.token(settings.allowQueryToken());
        if (token == null && proxies.connects() && !handshake.cookies().isEmpty()) {
            return signIn(handshake); // nothing to sign in with, no question for the backend: a 401 as below
        }
        return CompletableFuture.completedFuture(verify(token));
    }

    private Decision verify(String token) {
        if (token == null) {
            return Decision.refuse(401, "token", "no token");
        }
        Identity identity;
        try {
            identity = verifier.verify(token);
        } catch (TokenVerifier.InvalidTokenException e) {
            return Decision.refuse(401, "token", e.getMessage());
        }
        if (!Identity.USER_NAME.matcher(identity.user()).matches()) {
            // Refused here, as an HTTP status, rather than by the chat service after the upgrade.
            return Decision.refuse(401, "token", "the token's sub is not a user name (" + Identity.USER_NAME_RULE + ")");
        }
        return Decision.allow(identity);
    }

    /**
     * Who an admitted handshake proves to be, for the endpoint: the identity {@link #admit} verified for its token
     * or the connect proxy named, or (where no check came first) the token verified now; null when it proves nobody.
     */
    public Identity identity(Handshake handshake) {
        String key = verifiedKey(handshake);
        Identity checked = key == null ? null : verified.remove(key);
        return checked != null ? checked : verify(handshake.token(settings.allowQueryToken())).identity();
    }

    /** Where {@link #verified} keeps a handshake's identity: by its token, or for a cookie sign-in by its key. */
    private String verifiedKey(Handshake handshake) {
        String token = handshake.token(settings.allowQueryToken());
        String key = handshake.header("Sec-WebSocket-Key");
        return token != null ? token : key == null ? null : "signed-in " + key.trim();
    }

    /**
     * Asks the backend's connect proxy who the handshake's cookies sign in: its 401 or 403 is passed on, a failure
     * (no answer in time, a 5xx, an answer outside the contract) is a 503. The handshake waits for the answer, at
     * most the proxy's timeout: the upgrade cannot happen before the backend has said who it is for.
     */
    private CompletionStage<Decision> signIn(Handshake handshake) {
        return proxies.connect(new ConnectRequest(handshake.path(), handshake.address(), handshake.cookies(),
                handshake::header)).handle((signIn, failure) -> failure == null ? signedIn(signIn)
                : Decision.refuse(503, "backend", "the connect proxy failed: " + (failure instanceof CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure), ConnectionLimits.FULL_RETRY_AFTER_SECONDS));
    }

    private static Decision signedIn(SignIn signIn) {
        if (!signIn.allowed()) {
            return Decision.refuse(signIn.status(), "token", "the connect proxy refused the sign-in (" + signIn.status() + ")");
        }
        if (!Identity.USER_NAME.matcher(signIn.user()).matches()) {
            return Decision.refuse(503, "backend", "the connect proxy named a user that is not a user name ("
                    + Identity.USER_NAME_RULE + ")", ConnectionLimits.FULL_RETRY_AFTER_SECONDS);
        }
        return Decision.allow(new Identity(signIn.user(), signIn.rooms() == null ? null : RoomPatterns.of(signIn.rooms()),
                signIn.expiresAt(), Set.of(), null));
    }

    private static boolean wellFormedKey(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private boolean originAllowed(String origin, Handshake handshake) {
        String normalized = origin.toLowerCase(Locale.ROOT);
        return normalized.equals(handshake.ownOrigin())
                || settings.allowedOrigins().stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
    }
}
