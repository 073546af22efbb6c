/**
 * Configuration: one immutable {@link dev.roomcast.config.Settings} record, read from system properties
 * and environment variables, injected wherever a limit is needed. Nothing here depends on the rest of
 * Roomcast.
 */
package dev.roomcast.config;
