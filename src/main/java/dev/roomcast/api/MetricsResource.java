package dev.roomcast.api;

import dev.roomcast.metrics.Meters;
import dev.roomcast.security.ApiAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /metrics} for Prometheus. Protected like the server API once the API has a credential configured
 * (the scraper sends one of its keys); open while the API is off, as a node's metrics usually sit behind the
 * network's own controls.
 */
@Path("")
@ApplicationScoped
public class MetricsResource {

    /** Prometheus's text exposition format. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Meters meters;

    @Inject
    ApiAccess access;

    @GET
    public Response scrape(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam("X-API-Key") String apiKey, @Context UriInfo uri) {
        if (access.enabled()) {
            ApiAccess.Decision decision = access.check(authorization, apiKey, uri.getQueryParameters().keySet());
            if (!decision.allowed()) {
                Response.ResponseBuilder refusal = Response.status(decision.status()).type("text/plain")
                        .entity(decision.error() + ": " + decision.message() + "\n");
                decision.headers().forEach(refusal::header);
                return refusal.build();
            }
        }
        return Response.ok(meters.scrape(), TEXT_FORMAT).header("Cache-Control", "no-store").build();
    }
}
