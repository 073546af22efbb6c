/**
 * Security at the handshake: JWT verification ({@link dev.roomcast.security.TokenVerifier}, Nimbus), the
 * handshake's form, Origin and token policy ({@link dev.roomcast.security.HandshakeGuard}), the WAR's
 * servlet filter that refuses with an HTTP status, and the configurator that hands the verified
 * {@link dev.roomcast.security.Identity} to the endpoint. Depends on {@code config} only.
 */
package dev.roomcast.security;
