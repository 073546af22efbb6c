package dev.roomcast.cluster;

import dev.roomcast.metrics.Meters;
import dev.roomcast.registry.LocalUsers;
import dev.roomcast.registry.Users;
import dev.roomcast.room.ConnectedUsers;
import dev.roomcast.room.InMemoryRoomStore;
import dev.roomcast.room.LocalConnectedUsers;
import dev.roomcast.room.RoomStore;
import io.micrometer.core.instrument.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the node's {@link RoomStore}, {@link Users} and {@link ConnectedUsers} from the configuration: the
 * Redis implementations when {@code ROOMCAST_REDIS_URL} is set, {@link InMemoryRoomStore}, {@link LocalUsers}
 * and {@link LocalConnectedUsers} otherwise, so that a single node needs nothing but the JVM. A clustered node connects when the application starts; if Redis cannot be reached, the start
 * fails with a message that says so (the deployment fails, the standalone runner exits).
 */
@ApplicationScoped
public class RoomStoreSelection {

    private final ClusterSettings cluster = ClusterSettings.fromEnvironment();

    @Produces
    RoomStore rooms(Instance<InMemoryRoomStore> single, Instance<RedisRoomStore> clustered) {
        return cluster.clustered() ? clustered.get() : single.get();
    }

    @Produces
    Users users(Instance<LocalUsers> single, Instance<RedisUsers> clustered) {
        return cluster.clustered() ? clustered.get() : single.get();
    }

    @Produces
    ConnectedUsers connectedUsers(Instance<LocalConnectedUsers> single, Instance<RedisConnectedUsers> clustered) {
        return cluster.clustered() ? clustered.get() : single.get();
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted,
               Instance<RedisRoomStore> clustered, Instance<RedisUsers> users,
               Instance<RedisConnectedUsers> connectedUsers, ClusterNodes nodes, RoomStore rooms, Meters meters) {
        if (cluster.clustered()) {
            RedisBroker broker = clustered.get().connect(cluster);
            users.get().connect(broker);
            connectedUsers.get().connect(broker, cluster);
            nodes.connect(broker, cluster);
        }
        // Held strongly: the store is a proxy that nothing else here keeps.
        Gauge.builder("roomcast.rooms", rooms, RoomStore::size).strongReference(true)
                .description("Rooms this node holds now").register(meters.registry());
        Gauge.builder("roomcast.broker.up", rooms, store -> store.broker().reachable() ? 1 : 0).strongReference(true)
                .description("1 while this node reaches its broker (always 1 without one)").register(meters.registry());
    }
}
