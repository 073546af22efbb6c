package dev.roomcast.backend;

import java.time.Instant;
import java.util.List;

/**
 * The connect proxy's answer: the {@code user} the handshake signs in, with the rooms they may use (null: any) and
 * when the sign-in expires (null: with the connection); or, with {@code user} null, a refusal with an HTTP
 * {@code status} (401 or 403) before the upgrade.
 */
public record SignIn(String user, List<String> rooms, Instant expiresAt, int status) {

    public static SignIn refused(int status) {
        return new SignIn(null, null, null, status);
    }

    public boolean allowed() {
        return user != null;
    }
}
