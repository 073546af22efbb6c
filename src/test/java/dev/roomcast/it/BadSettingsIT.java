package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.RunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The standalone runner started as a user starts it, with one setting wrong in its environment: it must stop
 * with exit status 1 and one line that names the setting, never a stack trace. The first row is the one a new
 * user met: an empty secret with {@code --dev} ended in a NullPointerException. (Every whole-number setting is
 * covered in {@code SettingsTest}; these rows cover each kind of setting once, through the real start.)
 */
@Tag("standalone-only")
@Tag("own-servers")
class BadSettingsIT {

    @TempDir
    static Path folder;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ROOMCAST_JWT_SECRET           | ""                  | roomcast.jwt-secret (ROOMCAST_JWT_SECRET) is empty: give it a value or leave it unset
            ROOMCAST_JWT_SECRET           | short               | roomcast.jwt-secret (ROOMCAST_JWT_SECRET) must be at least 32 bytes for HS256, not 5
            ROOMCAST_SEND_QUEUE_LIMIT     | lots                | roomcast.send-queue-limit (ROOMCAST_SEND_QUEUE_LIMIT) must be a whole number, not 'lots'
            ROOMCAST_HISTORY_SIZE         | -5                  | roomcast.history-size (ROOMCAST_HISTORY_SIZE) must be at least 1, not -5
            ROOMCAST_PRESENCE_TTL_SECONDS | 1                   | roomcast.presence-ttl-seconds (ROOMCAST_PRESENCE_TTL_SECONDS) must be at least 3, not 1
            ROOMCAST_JWT_JWKS_FILE        | /nonexistent/k.json | roomcast.jwt-jwks-file (ROOMCAST_JWT_JWKS_FILE) names no readable file: /nonexistent/k.json
            ROOMCAST_JWT_JWKS_FILE        | pom.xml             | roomcast.jwt-jwks-file (ROOMCAST_JWT_JWKS_FILE) is not a JSON Web Key Set
            ROOMCAST_REDIS_URL            | http://redis:6379   | roomcast.redis-url (ROOMCAST_REDIS_URL) must start with redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster://
            ROOMCAST_REDIS_URL            | redis://a b         | roomcast.redis-url (ROOMCAST_REDIS_URL) is not a Redis URL
            ROOMCAST_REDIS_URL            | redis-cluster://    | roomcast.redis-url (ROOMCAST_REDIS_URL) is not a Redis URL
            ROOMCAST_REDIS_URL            | redis-cluster://a:1,b:x | roomcast.redis-url (ROOMCAST_REDIS_URL) is not a Redis URL
            ROOMCAST_ALLOW_QUERY_TOKEN    | yes                 | roomcast.allow-query-token (ROOMCAST_ALLOW_QUERY_TOKEN) must be true or false, not 'yes'
            ROOMCAST_AUTH_PATHS           | ""                  | roomcast.auth-paths (ROOMCAST_AUTH_PATHS) is empty: give it a value or leave it unset
            ROOMCAST_DEV                  | yes                 | roomcast.dev (ROOMCAST_DEV) must be true or false, not 'yes'
            ROOMCAST_API_KEYS             | short-key           | roomcast.api-keys (ROOMCAST_API_KEYS) each key must be at least 16 characters; one has 9
            ROOMCAST_API_RATE_BURST       | 0                   | roomcast.api-rate-burst (ROOMCAST_API_RATE_BURST) must be at least 1, not 0
            ROOMCAST_TOKEN_EXPIRY_WARNING_SECONDS | -1          | roomcast.token-expiry-warning-seconds (ROOMCAST_TOKEN_EXPIRY_WARNING_SECONDS) must be at least 0, not -1
            ROOMCAST_WEBHOOK_URL          | ftp://backend/hooks | roomcast.webhook-url (ROOMCAST_WEBHOOK_URL) must be an absolute http:// or https:// URL with a host, not 'ftp://backend/hooks'
            ROOMCAST_WEBHOOK_URL          | "http://a b/"       | roomcast.webhook-url (ROOMCAST_WEBHOOK_URL) is not a URL
            ROOMCAST_WEBHOOK_URL          | http://backend/hooks | roomcast.backend-secrets (ROOMCAST_BACKEND_SECRETS) is required with roomcast.webhook-url: every request to the backend is signed
            ROOMCAST_TRUSTED_PROXIES      | nginx.internal      | roomcast.trusted-proxies (ROOMCAST_TRUSTED_PROXIES) must list IP addresses or CIDR ranges (10.0.0.0/8, fd00::/8), not 'nginx.internal'
            ROOMCAST_PROXY_PUBLISH_URL    | http://backend/publish | roomcast.backend-secrets (ROOMCAST_BACKEND_SECRETS) is required with roomcast.proxy-publish-url: every request to the backend is signed
            ROOMCAST_PROXY_TIMEOUT_MS     | -5                  | roomcast.proxy-timeout-ms (ROOMCAST_PROXY_TIMEOUT_MS) must be at least 1, not -5
            ROOMCAST_WEBHOOK_BATCH_SIZE   | 0                   | roomcast.webhook-batch-size (ROOMCAST_WEBHOOK_BATCH_SIZE) must be at least 1, not 0
            ROOMCAST_LOG_FORMAT           | xml                 | roomcast.log-format (ROOMCAST_LOG_FORMAT) must be text or json, not 'xml'
            """)
    void aBadSettingStopsTheStartWithOneLineNamingIt(String variable, String value, String expected) throws Exception {
        Path output = Files.createTempFile(folder, "runner", ".out");
        try (RunnerProcess runner = RunnerProcess.start(output, Map.of(variable, value), "--dev", "--port", "0")) {
            assertTrue(runner.process().waitFor(60, TimeUnit.SECONDS), "the runner stops");
            String printed = Files.readString(output);
            assertEquals(1, runner.process().exitValue(), printed);
            assertTrue(printed.contains("Roomcast could not start: " + expected), printed);
            assertFalse(printed.contains("\tat "), "a stack trace:\n" + printed);
            assertFalse(printed.contains("Roomcast is listening"), printed);
        }
    }
}
