/**
 * The standalone runner: Tyrus's WebSocket engine on Grizzly with Weld SE, serving the same endpoint classes
 * as the WAR. The upgraded connections are carried by Roomcast's own Grizzly filters
 * ({@link dev.roomcast.standalone.WebSocketFilters}), which let go of the upgrade's HTTP request, and their
 * outgoing texts are framed and written in batches by {@link dev.roomcast.standalone.SocketWriter} on one
 * write thread per core. It depends on everything else and nothing depends on it; the WAR build leaves this
 * package out.
 */
package dev.roomcast.standalone;
