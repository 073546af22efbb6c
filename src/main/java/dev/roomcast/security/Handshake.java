package dev.roomcast.security;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The parts of a WebSocket upgrade request that security looks at, whatever server received it.
 *
 * @param path the path below the context root, e.g. {@code /ws/chat}
 * @param secure whether the request came over TLS
 * @param headers header values by name (any case)
 * @param query query parameters
 * @param address the client's IP address: as the connection's peer (a proxy's, behind one), until the guard has
 *        read a trusted proxy's forwarded header ({@link TrustedProxies}); null if unknown
 */
public record Handshake(String path, boolean secure, Function<String, List<String>> headers,
                        Map<String, List<String>> query, String address) {

    /** The subprotocol of this protocol version; a browser offers the token as a second entry. */
    public static final String SUBPROTOCOL = "roomcast.v1";

    /** This handshake as coming from {@code client}. */
    public Handshake from(String client) {
        return client == null || client.equals(address) ? this : new Handshake(path, secure, headers, query, client);
    }

    public String header(String name) {
        List<String> values = headers.apply(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The bearer token, from {@code Authorization: Bearer}, else from {@code Sec-WebSocket-Protocol}
     * (the entry that is not a protocol name), else, only if allowed, from {@code ?access_token=}.
     */
    public String token(boolean allowQuery) {
        String authorization = header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        List<String> protocols = headers.apply("Sec-WebSocket-Protocol");
        if (protocols != null) {
            List<String> offered = protocols.stream()
                    .flatMap(value -> Arrays.stream(value.split(",")))
                    .map(String::trim)
                    .toList();
            if (offered.contains(SUBPROTOCOL)) {
                for (String entry : offered) {
                    if (!entry.equals(SUBPROTOCOL) && !entry.isEmpty()) {
                        return entry;
                    }
                }
            }
        }
        if (allowQuery) {
            List<String> values = query.get("access_token");
            if (values != null && !values.isEmpty()) {
                return values.get(0);
            }
        }
        return null;
    }

    /** The request's cookies by name, from its {@code Cookie} headers (RFC 6265: {@code name=value; name=value}). */
    public Map<String, String> cookies() {
        List<String> headers = this.headers.apply("Cookie");
        Map<String, String> cookies = new LinkedHashMap<>();
        if (headers != null) {
            for (String header : headers) {
                for (String pair : header.split(";")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        cookies.putIfAbsent(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                    }
                }
            }
        }
        return cookies;
    }

    /** The origin this request would have if a page of this server opened it, e.g. {@code http://host:8080}. */
    public String ownOrigin() {
        String host = header("Host");
        return host == null ? null : (secure ? "https://" : "http://") + host.toLowerCase(Locale.ROOT);
    }
}
