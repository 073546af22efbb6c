package dev.roomcast.standalone;

import java.nio.file.Path;
import java.util.Locale;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.StaticHttpHandler;

/** Serves {@code webapp/} the way a servlet container serves a WAR: everything but {@code WEB-INF}. */
final class WebappHandler extends StaticHttpHandler {

    WebappHandler(Path webapp) {
        super(webapp.toAbsolutePath().toString());
        setFileCacheEnabled(false); // edits to the page show up on reload during development
    }

    @Override
    protected boolean handle(String uri, Request request, Response response) throws Exception {
        String upper = uri.toUpperCase(Locale.ROOT);
        if (upper.contains("WEB-INF") || upper.contains("META-INF")) {
            return false;
        }
        return super.handle(uri, request, response);
    }
}
