package dev.roomcast.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** {@code /metrics}: a Jakarta REST application of its own, beside the server API's {@code /api/}. */
@ApplicationPath("metrics")
public class MetricsApi extends Application {

    /** Listed, so that the application server does not add whatever else it finds in the WAR. */
    public static final Set<Class<?>> CLASSES = Set.of(MetricsResource.class);

    @Override
    public Set<Class<?>> getClasses() {
        return CLASSES;
    }
}
