package dev.roomcast.security;

import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import java.nio.file.Path;
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
 * @param trustedProxies the reverse proxies whose forwarded headers name the client's address
 */
public record SecuritySettings(String jwtSecret, Path jwksFile, String issuer, String audience, int clockSkewSeconds,
                               List<String> authPaths, List<String> allowedOrigins, boolean allowMissingOrigin,
                               boolean allowQueryToken, TrustedProxies trustedProxies) {

    public static SecuritySettings fromEnvironment() {
        return from(Settings::lookup);
    }

    public static SecuritySettings from(Function<String, String> source) {
        SettingReader read = new SettingReader(source);
        return new SecuritySettings(
                read.text("jwt-secret"),
                read.readableFile("jwt-jwks-file"),
                read.text("jwt-issuer"),
                read.text("jwt-audience"),
                read.integer("jwt-clock-skew-seconds", 30, 0),
                authPaths(read.list("auth-paths", List.of("/ws/chat"))),
                read.list("allowed-origins", List.of()),
                read.flag("allow-missing-origin", true),
                read.flag("allow-query-token", false),
                TrustedProxies.from(read));
    }

    /** {@code none} switches tokens off (development only); an empty value is a mistake like any other. */
    private static List<String> authPaths(List<String> paths) {
        return paths.equals(List.of("none")) ? List.of() : paths;
    }

    public boolean requiresToken(String path) {
        return authPaths.contains(path);
    }
}
