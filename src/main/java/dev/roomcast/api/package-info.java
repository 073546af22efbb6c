/**
 * The HTTP resources for the application and its operators, as Jakarta REST: the server API under {@code /api/}
 * (publish to rooms, reach users, read presence and history, disconnect and ban, reset a room; described in
 * docs/openapi.yaml) and {@code /metrics} for Prometheus. The same classes run on every runtime: the application
 * server's own Jakarta REST implementation, or Jersey on the standalone runner's port. Like the WebSocket
 * endpoints, the resources are thin edges: they check and decode a request and hand it to the room store and the
 * users seam that the chat service uses too. Depends inward only (message, metrics, registry, room, security).
 */
package dev.roomcast.api;
