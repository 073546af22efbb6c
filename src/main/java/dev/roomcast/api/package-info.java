/**
 * The server API: what the application behind Roomcast calls to take part (publish to rooms, reach users, read
 * presence and history, disconnect and ban, reset a room), as Jakarta REST resources under {@code /api/}. The
 * same classes run on every runtime: the application server's own Jakarta REST implementation, or Jersey on the
 * standalone runner's port. Like the WebSocket endpoints, the resources are thin edges: they check and decode a
 * request and hand it to the room store and the users seam that the chat service uses too. Depends inward only
 * (message, room, registry, security); described in docs/openapi.yaml.
 */
package dev.roomcast.api;
