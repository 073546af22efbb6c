/**
 * What the WAR tells particular containers about itself, where a container's default costs Roomcast dearly
 * and the container offers a per-deployment setting. Each piece is found only by the container it is for
 * (through a service file that only that container reads), so on any other server it is inert and the
 * portable path runs. Depends on nothing else in Roomcast.
 */
package dev.roomcast.container;
