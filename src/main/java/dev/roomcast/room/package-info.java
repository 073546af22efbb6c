/**
 * Rooms: the {@link dev.roomcast.room.RoomStore} contract (membership, presence, sequence numbers, history,
 * fan-out) and its single-node implementation, and {@link dev.roomcast.room.ConnectedUsers}, which tells the
 * backend when a user's first connection opens and their last one ends. Depends on the message model,
 * {@code config}, {@code backend} (the events it reports) and the {@code concurrent} pieces (each room is a
 * {@link dev.roomcast.concurrent.SerialExecutor}); knows nothing of WebSocket sessions beyond
 * {@link dev.roomcast.room.Member}.
 */
package dev.roomcast.room;
