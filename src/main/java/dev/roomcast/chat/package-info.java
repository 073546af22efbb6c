/**
 * The chat service: the rules of the {@code /ws/chat} protocol (identity, validation, rate limits,
 * heartbeats) between the thin endpoint and the {@link dev.roomcast.room.RoomStore}.
 */
package dev.roomcast.chat;
