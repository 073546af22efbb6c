package dev.roomcast.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a server API call may proceed: never anonymously. The credential is an API key (from
 * {@code X-API-Key} or {@code Authorization: Bearer}), compared in constant time with every configured key, or a
 * JWT from the configured issuers whose {@code scope} or {@code roles} grant {@link ApiSettings#scope()}. A
 * credential in the query string is refused, because URLs end up in logs. Each credential has its own rate.
 * The Jakarta REST filter turns a refusal into its status; this class knows no HTTP API.
 */
@ApplicationScoped
public class ApiAccess {

    /** Query parameters that would carry a credential into access logs. */
    private static final Set<String> QUERY_CREDENTIALS = Set.of("api_key", "apikey", "key", "token", "access_token");
    private static final String BEARER = "Bearer ";
    /** Callers tracked beyond which the quiet ones are forgotten, so that the map stays bounded. */
    private static final int TRACKED_CALLERS = 10_000;

    /** A call's outcome: allowed (status 0) for {@code caller}, or refused with an HTTP status and an error code. */
    public record Decision(int status, String error, String message, String caller, long retryAfterSeconds) {

        static Decision allow(String caller) {
            return new Decision(0, null, null, caller, 0);
        }

        static Decision refuse(int status, String error, String message) {
            return new Decision(status, error, message, null, 0);
        }

        public boolean allowed() {
            return status == 0;
        }

        /** What a refusal tells the caller besides its status: how to authenticate, when to come back. */
        public Map<String, String> headers() {
            if (retryAfterSeconds > 0) {
                return Map.of("Retry-After", Long.toString(retryAfterSeconds));
            }
            return status == 401 ? Map.of("WWW-Authenticate", "Bearer") : Map.of();
        }
    }

    private ApiSettings settings;
    private TokenVerifier verifier;
    private List<byte[]> keyDigests;
    private final Map<String, TokenBucket> rates = new ConcurrentHashMap<>();

    @Inject
    public ApiAccess(ApiSettings settings, TokenVerifier verifier) {
        this.settings = settings;
        this.verifier = verifier;
        this.keyDigests = settings.keys().stream().map(ApiAccess::digest).toList();
    }

    /** For the CDI proxy only. */
    protected ApiAccess() {
    }

    /** Whether the API has a credential configured, and with it who may read the metrics. */
    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * {@code authorization} and {@code apiKey} are the headers of the same names (null when absent);
     * {@code queryParameters} the names in the query string.
     */
    public Decision check(String authorization, String apiKey, Set<String> queryParameters) {
        if (!settings.enabled()) {
            return Decision.refuse(404, "api_off", "the server API is off: set roomcast.api-keys (ROOMCAST_API_KEYS) "
                    + "or roomcast.api-scope (ROOMCAST_API_SCOPE)");
        }
        if (queryParameters.stream().anyMatch(name -> QUERY_CREDENTIALS.contains(name.toLowerCase(Locale.ROOT)))) {
            return Decision.refuse(401, "unauthorized", "credentials in the query string are not accepted; send "
                    + "X-API-Key or Authorization: Bearer");
        }
        String credential = apiKey != null ? apiKey.trim()
                : authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : null;
        if (credential == null || credential.isEmpty()) {
            return Decision.refuse(401, "unauthorized", "an API key (X-API-Key or Authorization: Bearer) is required");
        }
        Decision decision = authenticate(credential);
        return decision.allowed() ? rate(decision) : decision;
    }

    private Decision authenticate(String credential) {
        byte[] digest = digest(credential);
        for (int i = 0; i < keyDigests.size(); i++) {
            if (MessageDigest.isEqual(digest, keyDigests.get(i))) {
                return Decision.allow("key " + (i + 1));
            }
        }
        if (settings.scope() == null) {
            return Decision.refuse(401, "unauthorized", "unknown API key");
        }
        Identity identity;
        try {
            identity = verifier.verify(credential);
        } catch (TokenVerifier.InvalidTokenException e) {
            return Decision.refuse(401, "unauthorized", "neither a known API key nor a valid token");
        }
        if (!identity.has(settings.scope())) {
            return Decision.refuse(403, "forbidden", "the token does not grant the scope " + settings.scope());
        }
        return Decision.allow("token of " + identity.user());
    }

    private Decision rate(Decision allowed) {
        long now = System.nanoTime();
        if (rates.size() > TRACKED_CALLERS) {
            rates.values().removeIf(bucket -> bucket.full(now));
        }
        long waitMillis = rates.computeIfAbsent(allowed.caller(),
                caller -> new TokenBucket(settings.ratePerSecond(), settings.rateBurst(), now)).tryTake(now);
        if (waitMillis == 0) {
            return allowed;
        }
        return new Decision(429, "rate_limited", "too many API calls; slow down", null, (waitMillis + 999) / 1000);
    }

    /**
     * Keys are compared by their SHA-256 digests: equal lengths, so that {@link MessageDigest#isEqual} takes the
     * same time whatever the key's length or how much of it matches.
     */
    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
