package dev.roomcast.health;

import dev.roomcast.message.JsonEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /health}, {@code /health/ready} and {@code /health/live}, the same resource on every runtime.
 * Open to all (no credentials): load balancers and orchestrators call it, and it tells nothing about users.
 */
@Path("")
@ApplicationScoped
public class HealthResource {

    private static final JsonEncoder ENCODER = new JsonEncoder();

    @Inject
    HealthCheck health;

    /** {@code /health} answers as {@code /health/ready}. */
    @GET
    public Response health() {
        return ready();
    }

    /** 503 while the node shuts down or cannot reach its broker: new clients should go to another node. */
    @GET
    @Path("ready")
    public Response ready() {
        HealthCheck.Report report = health.report();
        return answer(report.status().equals(HealthCheck.UP) ? 200 : 503, report);
    }

    /**
     * 200 while the process serves. A node that has lost Redis still serves its connections and reconnects by
     * itself, so it must not be restarted for that.
     */
    @GET
    @Path("live")
    public Response live() {
        return answer(200, health.report());
    }

    private static Response answer(int status, HealthCheck.Report report) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(ENCODER.encode(report)).build();
    }
}
