/**
 * Security at the handshake: JWT verification ({@link dev.roomcast.security.TokenVerifier}, Nimbus), the
 * handshake's form, Origin, token, ban and connection-limit policy ({@link dev.roomcast.security.HandshakeGuard}),
 * the WAR's servlet filter that refuses with an HTTP status, and the configurator that hands the verified
 * {@link dev.roomcast.security.Identity} to the endpoint; and who may call the server API
 * ({@link dev.roomcast.security.ApiAccess}). {@link dev.roomcast.security.SecurityConfiguration} makes the settings,
 * the one verifier and the one guard, once per application. Depends on {@code config} and {@code metrics}, and on
 * {@code registry} for the counts and bans it enforces.
 */
package dev.roomcast.security;
