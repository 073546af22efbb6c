package dev.roomcast.cluster;

import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import io.lettuce.core.RedisURI;
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

    public static ClusterSettings fromEnvironment() {
        return from(Settings::lookup);
    }

    public static ClusterSettings from(Function<String, String> source) {
        SettingReader read = new SettingReader(source);
        return new ClusterSettings(redisUrl(read.text("redis-url")),
                read.integer("presence-ttl-seconds", 15, 3),
                read.integer("redis-timeout-seconds", 60, 1),
                read.integer("redis-queue-limit", 100_000, 1));
    }

    /**
     * The URL as given, once Lettuce has understood it: a typo stops the start, not the first command. The
     * messages never repeat the URL, which may carry a password.
     */
    private static String redisUrl(String url) {
        if (url == null) {
            return null;
        }
        if (!url.startsWith("redis://") && !url.startsWith("rediss://") && !url.startsWith("redis-sentinel://")) {
            throw SettingReader.invalid("redis-url", "must start with redis://, rediss:// or redis-sentinel://");
        }
        try {
            RedisURI.create(url);
        } catch (RuntimeException e) {
            throw SettingReader.invalid("redis-url", "is not a Redis URL (" + e.getClass().getSimpleName() + ")");
        }
        return url;
    }

    public boolean clustered() {
        return redisUrl != null;
    }

    /** How often a node renews its presence entries, sweeps expired ones and checks it missed nothing. */
    public Duration refreshInterval() {
        return Duration.ofMillis(presenceTtlSeconds * 1000L / 3);
    }
}
