/**
 * What the WAR does about particular containers, where a container's default costs Roomcast dearly:
 * {@link dev.roomcast.container.UndertowWebSocketDispatch}, found only by WildFly through a service file, runs this
 * deployment's endpoints on Undertow's I/O threads; {@link dev.roomcast.container.IdleTimeouts} turns a session's
 * idle timeout off so that Payara's Tyrus stops re-arming a timer per message. Each is inert on any other server,
 * where the portable path runs. Depends on nothing else in Roomcast.
 */
package dev.roomcast.container;
