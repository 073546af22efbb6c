/**
 * Who is connected: the application-scoped {@link dev.roomcast.registry.SessionRegistry} of open
 * sessions, and each session's {@link dev.roomcast.registry.Outbox}, the single writer that owns its
 * send queue; and the {@link dev.roomcast.registry.Users} seam through which the application reaches a user's
 * sessions ({@link dev.roomcast.registry.LocalUsers} on one node). Depends on the leaf packages only
 * ({@code concurrent}, {@code config}, {@code container}, {@code metrics}); endpoints, security, the chat service,
 * the API and the cluster depend on it.
 */
package dev.roomcast.registry;
