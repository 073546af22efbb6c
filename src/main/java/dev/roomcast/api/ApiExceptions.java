package dev.roomcast.api;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every failure of a server API call as an {@link ApiError} body, on every runtime: the refusals Jakarta REST makes
 * itself (a body of another media type: 415, an unknown path: 404, a method the path lacks: 405) and anything
 * unexpected (500, logged here). Without it each implementation answers in its own way, an HTML page or nothing.
 */
@Provider
public class ApiExceptions implements ExceptionMapper<Throwable> {

    private static final System.Logger LOG = System.getLogger(ApiExceptions.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse().hasEntity()) {
            return web.getResponse(); // Roomcast's own refusal, with its body already
        }
        if (failure instanceof NotSupportedException) {
            return ApiReply.refused(415, "unsupported_media_type", "the body must be application/json");
        }
        if (failure instanceof NotAllowedException) {
            return ApiReply.refused(405, "method_not_allowed", "this path does not take that method");
        }
        if (failure instanceof NotFoundException) {
            return ApiReply.notFound("no such path in the server API (docs/openapi.yaml)");
        }
        if (failure instanceof NotAcceptableException) {
            return ApiReply.refused(406, "not_acceptable", "the server API answers application/json only");
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return ApiReply.refused(web.getResponse().getStatus(), "invalid_request", "the request was refused: "
                    + web.getMessage());
        }
        LOG.log(System.Logger.Level.ERROR, "server API call failed", failure);
        return ApiReply.internalError();
    }
}
