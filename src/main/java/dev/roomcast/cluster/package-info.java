/**
 * Several nodes as one service: {@link dev.roomcast.cluster.RedisRoomStore} shares rooms, history and
 * presence through Redis (the client, connections and Lua scripts are in
 * {@link dev.roomcast.cluster.RedisBroker}), {@link dev.roomcast.cluster.RedisUsers} reaches users and enforces
 * bans on every node, and {@link dev.roomcast.cluster.RoomStoreSelection} chooses them when
 * {@code ROOMCAST_REDIS_URL} is set. Depends on the room contract, the registry, the message model and the
 * settings; nothing depends on this package but the choice of store.
 */
package dev.roomcast.cluster;
