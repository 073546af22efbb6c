package dev.roomcast.cluster;

import dev.roomcast.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * The settings of a clustered node, read like {@link Settings} ({@code roomcast.redis-url} or
 * {@code ROOMCAST_REDIS_URL}, and so on).
 *
 * @param redisUrl the broker, e.g. {@code redis://redis.internal:6379}; null for a single node
 * @param presenceTtlSeconds how long a node's presence entries live in Redis without a refresh: the longest a
 *        crashed node's users stay listed. Each node refreshes its entries three times per period
 * @param redisTimeoutSeconds how long a command may wait for Redis (buffered while it is away) before the
 *        client gets {@code unavailable}
 * @param redisQueueLimit commands a node buffers while Redis is away; beyond it, {@code unavailable} at once
 */
public record ClusterSettings(String redisUrl, int presenceTtlSeconds, int redisTimeoutSeconds, int redisQueueLimit) {

    public ClusterSettings {
        if (redisUrl != null) {
            String scheme = URI.create(redisUrl).getScheme();
            if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
                throw new IllegalArgumentException(
                        "roomcast.redis-url must start with redis:// or rediss://, not '" + redisUrl + "'");
            }
        }
        if (presenceTtlSeconds < 3) {
            throw new IllegalArgumentException("roomcast.presence-ttl-seconds must be at least 3");
        }
        if (redisTimeoutSeconds <= 0 || redisQueueLimit <= 0) {
            throw new IllegalArgumentException("roomcast.redis-timeout-seconds and redis-queue-limit must be positive");
        }
    }

    public static ClusterSettings fromEnvironment() {
        return from(Settings::lookup);
    }

    public static ClusterSettings from(Function<String, String> source) {
        String url = source.apply("redis-url");
        return new ClusterSettings(url == null || url.isBlank() ? null : url.trim(),
                Settings.intValue(source, "presence-ttl-seconds", 15),
                Settings.intValue(source, "redis-timeout-seconds", 60),
                Settings.intValue(source, "redis-queue-limit", 100_000));
    }

    public boolean clustered() {
        return redisUrl != null;
    }

    /** How often a node renews its presence entries, sweeps expired ones and checks it missed nothing. */
    public Duration refreshInterval() {
        return Duration.ofMillis(presenceTtlSeconds * 1000L / 3);
    }
}
