/**
 * The chat service: the rules of the {@code /ws/chat} protocol (identity and its token's lifetime,
 * validation, rate limits, heartbeats) between the thin endpoint and the {@link dev.roomcast.room.RoomStore}.
 */
package dev.roomcast.chat;
