package dev.roomcast.security;

import dev.roomcast.config.RoomPatterns;
import java.security.Principal;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a connection belongs to, from a verified token: {@code sub} is the user, and the optional
 * {@code rooms} claim lists the room-name patterns ({@code *} matches any run of characters) the user may
 * join and post to. Without the claim, every room is allowed. {@code expiresAt} is the token's {@code exp}
 * (null for an unverified identity); {@code scopes} are its {@code scope} (space-separated) and {@code roles}
 * claims together, which grant the server API. {@code address} is where the handshake came from, for the
 * backend's proxies (null when not known).
 */
public record Identity(String user, RoomPatterns rooms, Instant expiresAt, Set<String> scopes, String address)
        implements Principal {

    /** User names (a token's {@code sub}): 1 to 64 letters, digits, '.', '_', '@', '+' or '-'. */
    public static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,64}");
    /** {@link #USER_NAME} in words, for refusals. */
    public static final String USER_NAME_RULE = "1 to 64 letters, digits, '.', '_', '@', '+' or '-'";

    /** The key under which a connection's identity travels from the handshake to the session. */
    public static final String PROPERTY = Identity.class.getName();

    /** An identity for the user name given at connect, on paths configured to need no token. */
    public static Identity unverified(String user) {
        return new Identity(user, null, null, Set.of(), null);
    }

    /** The same identity, proven by a handshake from {@code address} (as the handshake's server saw it). */
    public Identity from(String address) {
        return new Identity(user, rooms, expiresAt, scopes, address);
    }

    @Override
    public String getName() {
        return user;
    }

    /** Whether the token grants {@code scope} (in {@code scope} or {@code roles}). */
    public boolean has(String scope) {
        return scopes.contains(scope);
    }

    public boolean mayUse(String room) {
        return rooms == null || rooms.matches(room);
    }
}
