/**
 * Rooms: the {@link dev.roomcast.room.RoomStore} contract (membership, presence, sequence numbers, history,
 * fan-out) and its single-node implementation. Depends on the message model and the scheduler; knows
 * nothing of WebSocket sessions beyond {@link dev.roomcast.room.Member}.
 */
package dev.roomcast.room;
