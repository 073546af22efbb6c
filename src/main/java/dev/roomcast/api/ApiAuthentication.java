package dev.roomcast.api;

import dev.roomcast.security.ApiAccess;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** Every server API call passes {@link ApiAccess} first: 401, 403, 404 (API off) or 429 otherwise. */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class ApiAuthentication implements ContainerRequestFilter {

    @Inject
    ApiAccess access;

    @Override
    public void filter(ContainerRequestContext request) {
        ApiAccess.Decision decision = access.check(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString("X-API-Key"), request.getUriInfo().getQueryParameters().keySet());
        if (decision.allowed()) {
            return;
        }
        Response.ResponseBuilder refusal =
                Response.fromResponse(ApiReply.refused(decision.status(), decision.error(), decision.message()));
        decision.headers().forEach(refusal::header);
        request.abortWith(refusal.build());
    }
}
