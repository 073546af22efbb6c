/**
 * Metrics: one Micrometer registry per application ({@link dev.roomcast.metrics.Meters}), with the JVM's own
 * meters. Each concern registers its own meters on it (the registry its connections and send queues, the chat
 * service its refusals, the guard its refused handshakes, the cluster its broker); {@code /metrics} serves it from
 * the {@code api} package, beside the other HTTP resources. So this package depends on nothing of Roomcast's, and
 * everything may depend on it, like {@code config}. No meter is labelled by room or user: their number is
 * unbounded.
 */
package dev.roomcast.metrics;
