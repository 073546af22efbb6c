package dev.roomcast.security;

import dev.roomcast.config.Settings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Who may open which WebSocket, read once from system properties or the environment like {@link Settings}.
 *
 * @param jwtSecret shared secret for HS256 tokens (at least 32 bytes), or null
 * @param jwksFile file with the public keys (RS256, ES256) of a JSON Web Key Set, or null
 * @param issuer required {@code iss}, or null for any
 * @param audience required {@code aud}, or null for any
 * @param clockSkewSeconds tolerance for {@code exp} and {@code nbf}
 * @param authPaths WebSocket paths (below the context root) that require a token
 * @param allowedOrigins origins allowed besides the server's own, e.g. {@code https://chat.example.com}
 * @param allowMissingOrigin whether clients that send no Origin (programs, not browsers) may connect; yes
 *        unless set to {@code false}, because browsers always send one and a program can send any it likes
 * @param allowQueryToken whether a token may come as {@code ?access_token=}; it then shows in access logs
 */
public record SecuritySettings(String jwtSecret, Path jwksFile, String issuer, String audience, int clockSkewSeconds,
                               List<String> authPaths, List<String> allowedOrigins, boolean allowMissingOrigin,
                               boolean allowQueryToken) {

    public static SecuritySettings fromEnvironment() {
        return from(Settings::lookup);
    }

    public static SecuritySettings from(Function<String, String> source) {
        String jwks = blankToNull(source.apply("jwt-jwks-file"));
        String skew = blankToNull(source.apply("jwt-clock-skew-seconds"));
        String paths = source.apply("auth-paths");
        return new SecuritySettings(
                blankToNull(source.apply("jwt-secret")),
                jwks == null ? null : Path.of(jwks),
                blankToNull(source.apply("jwt-issuer")),
                blankToNull(source.apply("jwt-audience")),
                skew == null ? 30 : Integer.parseInt(skew),
                paths == null ? List.of("/ws/chat") : list(paths),
                list(source.apply("allowed-origins")),
                !"false".equalsIgnoreCase(String.valueOf(source.apply("allow-missing-origin")).trim()),
                Boolean.parseBoolean(source.apply("allow-query-token")));
    }

    public boolean requiresToken(String path) {
        return authPaths.contains(path);
    }

    private static List<String> list(String raw) {
        return raw == null ? List.of()
                : Arrays.stream(raw.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
