package dev.roomcast.health;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** {@code /health}: a Jakarta REST application of its own, beside {@code /api/} and {@code /metrics}. */
@ApplicationPath("health")
public class HealthApi extends Application {

    /** Listed, so that the application server does not add whatever else it finds in the WAR. */
    public static final Set<Class<?>> CLASSES = Set.of(HealthResource.class);

    @Override
    public Set<Class<?>> getClasses() {
        return CLASSES;
    }
}
