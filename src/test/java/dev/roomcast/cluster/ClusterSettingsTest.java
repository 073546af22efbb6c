package dev.roomcast.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void aClusterUrlNamesItsSeedNodesWithTheirCredentials() {
        List<RedisURI> seeds = settings("redis-cluster://:secret@redis-1:7000,redis-2:7001").clusterSeeds();
        assertEquals(List.of("redis-1:7000", "redis-2:7001"),
                seeds.stream().map(seed -> seed.getHost() + ":" + seed.getPort()).toList());
        seeds.forEach(seed -> {
            assertEquals("secret", new String(seed.getCredentialsProvider().resolveCredentials().block().getPassword()));
            assertFalse(seed.isSsl());
        });
    }

    @Test
    void aTlsClusterUrlAndADefaultPort() {
        List<RedisURI> seeds = settings("rediss-cluster://redis-1").clusterSeeds();
        assertEquals(1, seeds.size());
        assertEquals(6379, seeds.get(0).getPort());
        assertTrue(seeds.get(0).isSsl());
    }

    @Test
    void aSingleRedisOrASentinelUrlHasNoSeeds() {
        assertEquals(List.of(), settings("redis://redis:6379").clusterSeeds());
        assertEquals(List.of(), settings("redis-sentinel://sentinel:26379#mymaster").clusterSeeds());
    }

    private static ClusterSettings settings(String url) {
        return ClusterSettings.from(Map.of("redis-url", url)::get);
    }
}
