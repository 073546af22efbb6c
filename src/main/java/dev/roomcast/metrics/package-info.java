/**
 * Metrics: one Micrometer registry per application ({@link dev.roomcast.metrics.Meters}), with the JVM's own
 * meters, written at {@code /metrics} in Prometheus's text format by a Jakarta REST resource, the same on every
 * runtime. Each concern registers its own meters on it (the registry its connections and send queues, the chat
 * service its refusals, the guard its refused handshakes, the cluster its broker), so this package depends on
 * nothing of Roomcast's but the server API's access rules, and everything may depend on it, like {@code config}.
 * No meter is labelled by room or user: their number is unbounded.
 */
package dev.roomcast.metrics;
