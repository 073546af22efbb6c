package dev.roomcast.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The server API's Jakarta REST application: its resources and filter, at {@code /api/}. */
@ApplicationPath("api")
public class ServerApi extends Application {

    /** Listed, so that the application server does not add whatever else it finds in the WAR. */
    public static final Set<Class<?>> CLASSES = Set.of(RoomsResource.class, UsersResource.class, NodesResource.class, ApiAuthentication.class,
            ApiExceptions.class);

    @Override
    public Set<Class<?>> getClasses() {
        return CLASSES;
    }
}
