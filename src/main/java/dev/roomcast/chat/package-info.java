/**
 * The chat service: the rules of the {@code /ws/chat} protocol (identity and its token's lifetime,
 * validation, rate limits, heartbeats) between the thin endpoint and the {@link dev.roomcast.room.RoomStore}.
 * Depends on the rooms, the registry, security (the token verifier, for {@code refresh}), the message model and
 * the leaf packages; only the endpoint and the runner depend on it.
 */
package dev.roomcast.chat;
