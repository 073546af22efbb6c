/**
 * Who is connected: the application-scoped {@link dev.roomcast.registry.SessionRegistry} of open
 * sessions, and each session's {@link dev.roomcast.registry.Outbox}, the single writer that owns its
 * send queue; and the {@link dev.roomcast.registry.Users} seam through which the application reaches a user's
 * sessions ({@link dev.roomcast.registry.LocalUsers} on one node). Depends only on {@code config}; endpoints,
 * the API and the cluster depend on it.
 */
package dev.roomcast.registry;
