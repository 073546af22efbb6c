package dev.roomcast.security;

import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import java.util.List;
import java.util.function.Function;

/**
 * Who may call the server API ({@code /api/}), read like every other setting.
 *
 * @param keys API keys in force, several at once so that one can be rotated out while its successor is in
 *        use; each at least {@link #MIN_KEY_CHARS} characters
 * @param scope the {@code scope} or {@code roles} entry that makes a JWT from the configured issuers an API
 *        credential; null: JWTs are not API credentials
 * @param ratePerSecond API calls per second one credential may make, on average
 * @param rateBurst API calls one credential may make at once after a quiet spell
 */
public record ApiSettings(List<String> keys, String scope, int ratePerSecond, int rateBurst) {

    /** Short keys can be guessed; 32 hexadecimal digits are 128 bits. */
    public static final int MIN_KEY_CHARS = 16;

    public static ApiSettings fromEnvironment() {
        return from(Settings::lookup);
    }

    public static ApiSettings from(Function<String, String> source) {
        SettingReader read = new SettingReader(source);
        List<String> keys = read.list("api-keys", List.of());
        for (String key : keys) {
            if (key.length() < MIN_KEY_CHARS) {
                throw SettingReader.invalid("api-keys", "each key must be at least " + MIN_KEY_CHARS
                        + " characters; one has " + key.length());
            }
        }
        return new ApiSettings(keys, read.text("api-scope"), read.integer("api-rate-per-second", 50, 1),
                read.integer("api-rate-burst", 200, 1));
    }

    /** The API answers only when it has a way to authenticate its callers. */
    public boolean enabled() {
        return !keys.isEmpty() || scope != null;
    }
}
