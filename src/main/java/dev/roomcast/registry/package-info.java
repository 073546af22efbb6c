/**
 * Who is connected: the application-scoped {@link dev.roomcast.registry.SessionRegistry} of open
 * sessions, and each session's {@link dev.roomcast.registry.Outbox}, the single writer that owns its
 * send queue. Depends only on {@code config}; endpoints depend on it.
 */
package dev.roomcast.registry;
