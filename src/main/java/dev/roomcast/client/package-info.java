/**
 * The Java client library: {@link dev.roomcast.client.RoomcastClient}, a chat client on the JDK's WebSocket for
 * services, bots and tests. It speaks the protocol of docs/PROTOCOL.md and nothing else of the server: it depends on
 * no other package here and on no server library, only on Jakarta JSON Processing (with an implementation such as
 * Parsson), and is packaged on its own, as the {@code client} jar. Nothing in the server depends on it.
 */
package dev.roomcast.client;
