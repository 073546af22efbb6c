/**
 * The WebSocket edge: one annotated {@code @ServerEndpoint} class per path, each readable on its own as
 * the whole protocol of that path. Endpoints stay thin: they decode, hand work to the registry and
 * message model, and map failures to RFC 6455 close codes ({@code EndpointSupport}).
 */
package dev.roomcast.endpoint;
