/**
 * Rooms: the {@link dev.roomcast.room.RoomStore} contract (membership, presence, sequence numbers, history,
 * fan-out) and its single-node implementation. Depends on the message model, {@code config} and the
 * {@code concurrent} pieces (each room is a {@link dev.roomcast.concurrent.SerialExecutor}); knows nothing of
 * WebSocket sessions beyond {@link dev.roomcast.room.Member}.
 */
package dev.roomcast.room;
