package dev.roomcast.cluster;

import dev.roomcast.config.SettingReader;
import dev.roomcast.config.Settings;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The settings of a clustered node, read like {@link Settings} ({@code roomcast.redis-url} or
 * {@code ROOMCAST_REDIS_URL}, and so on).
 *
 * @param redisUrl the broker, e.g. {@code redis://redis.internal:6379}, a Sentinel URL or a Redis Cluster's
 *        ({@code redis-cluster://host:port,host:port}); null for a single node
 * @param presenceTtlSeconds how long a node's presence entries live in Redis without a refresh: the longest a
 *        crashed node's users stay listed. Each node refreshes its entries three times per period
 * @param redisTimeoutSeconds how long a command may wait for Redis (buffered while it is away) before the
 *        client gets {@code unavailable}
 * @param redisQueueLimit commands a node buffers while Redis is away; beyond it, {@code unavailable} at once
 */
public record ClusterSettings(String redisUrl, int presenceTtlSeconds, int redisTimeoutSeconds, int redisQueueLimit) {

    private static final String CLUSTER = "redis-cluster://";
    private static final String TLS_CLUSTER = "rediss-cluster://";
    /** A name or an address (IPv6 in brackets), and a port if not 6379. */
    private static final Pattern HOST_AND_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]\\s]+)(:\\d{1,5})?");

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
        if (Stream.of("redis://", "rediss://", "redis-sentinel://", CLUSTER, TLS_CLUSTER).noneMatch(url::startsWith)) {
            throw SettingReader.invalid("redis-url",
                    "must start with redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster://");
        }
        try {
            if (clusterSeeds(url).isEmpty()) {
                RedisURI.create(url);
            }
        } catch (RuntimeException e) {
            throw SettingReader.invalid("redis-url", "is not a Redis URL (" + e.getClass().getSimpleName() + ")");
        }
        return url;
    }

    /**
     * The nodes a Redis Cluster is first asked about, from {@code redis-cluster://[[user]:password@]host:port[,host:port...]}
     * ({@code rediss-cluster://} with TLS); empty for a single Redis or a Sentinel URL. Any one of them that
     * answers tells the client the rest of the cluster.
     */
    public List<RedisURI> clusterSeeds() {
        return clusterSeeds(redisUrl);
    }

    private static List<RedisURI> clusterSeeds(String url) {
        boolean tls = url.startsWith(TLS_CLUSTER);
        if (!tls && !url.startsWith(CLUSTER)) {
            return List.of();
        }
        String rest = url.substring((tls ? TLS_CLUSTER : CLUSTER).length());
        int at = rest.lastIndexOf('@');
        String credentials = at < 0 ? "" : rest.substring(0, at + 1);
        String hosts = rest.substring(at + 1).replaceFirst("[/?#].*$", "");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        return Arrays.stream(hosts.split(",", -1))
                .peek(host -> {
                    if (!HOST_AND_PORT.matcher(host).matches()) {
                        throw new IllegalArgumentException("not host:port");
                    }
                })
                .map(host -> RedisURI.create((tls ? "rediss://" : "redis://") + credentials + host))
                .toList();
    }

    public boolean clustered() {
        return redisUrl != null;
    }

    /** How often a node renews its presence entries, sweeps expired ones and checks it missed nothing. */
    public Duration refreshInterval() {
        return Duration.ofMillis(presenceTtlSeconds * 1000L / 3);
    }
}
