package dev.roomcast.security;

import dev.roomcast.metrics.Meters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * Shows the refused-handshake counters from the application's start. The guard registers them when it is made,
 * but an application server may make the WAR's filter, and with it the guard, only on the first request.
 */
@ApplicationScoped
class HandshakeMeters {

    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted, Meters meters) {
        HandshakeGuard.registerMeters(meters.registry());
    }
}
