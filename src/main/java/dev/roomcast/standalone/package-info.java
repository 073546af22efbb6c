/**
 * The standalone runner: Tyrus on Grizzly with Weld SE, serving the same endpoint classes as the WAR.
 * It depends on everything else and nothing depends on it; the WAR build leaves this package out.
 */
package dev.roomcast.standalone;
