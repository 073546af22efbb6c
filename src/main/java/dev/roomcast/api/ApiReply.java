package dev.roomcast.api;

import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.room.BrokerUnavailableException;
import jakarta.validation.ConstraintViolation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The server API's answers: JSON written by the same JSON-B encoder as the chat protocol's, so that a message
 * looks the same over HTTP as over the WebSocket, whatever Jakarta REST implementation the runtime has.
 */
final class ApiReply {

    private static final JsonEncoder ENCODER = new JsonEncoder();
    private static final System.Logger LOG = System.getLogger(ApiReply.class.getName());

    private ApiReply() {
    }

    static Response ok(Object body) {
        return json(Response.Status.OK.getStatusCode(), body);
    }

    static Response accepted(Object body) {
        return json(Response.Status.ACCEPTED.getStatusCode(), body);
    }

    static Response refused(int status, String error, String message) {
        return json(status, new ApiError(error, message));
    }

    static Response notFound(String what) {
        return refused(404, "not_found", what);
    }

    static Response invalid(String message) {
        return refused(400, "invalid_request", message);
    }

    /** A body that did not decode: its protocol error code ({@code malformed_json}, {@code invalid_field}). */
    static Response invalid(InvalidMessageException error) {
        return refused(400, error.code().wire(), error.getMessage());
    }

    /** The first violation by field name, as the chat protocol reports it. */
    static <T> Response invalid(Set<ConstraintViolation<T>> violations) {
        ConstraintViolation<T> first = violations.stream()
                .min(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .orElseThrow();
        return invalid("'" + first.getPropertyPath() + "' " + first.getMessage());
    }

    /**
     * Far beyond any deadline of the store's own: reached only by a stage that a fault left uncompleted, so that
     * it holds a request thread for a while, not for ever.
     */
    private static final Duration NEVER_ANSWERED = Duration.ofMinutes(5);

    /**
     * The answer of a store or of the users seam as a response, waited for on the request's thread. The store's
     * own deadline decides how long that is: a clustered store's command fails after {@code redis-timeout-seconds}
     * with a {@link BrokerUnavailableException}, answered 503, and only then, so that a 503 means the command was
     * given up, not that it may still be posted (a retry after a 503 does not post twice). Any other failure is a
     * fault of Roomcast's: logged, and answered 500.
     *
     * <p>Waiting keeps every runtime on its plainest path: an asynchronous response, suspended and resumed from a
     * Redis thread, sometimes never reached the client on the runner (a publish timed out in ClusterIT, a history
     * page in ApiIT with Redis); the cause was never found.
     */
    static <T> Response await(CompletionStage<T> stage, Function<T, Response> reply) {
        T value;
        try {
            value = stage.toCompletableFuture().get(NEVER_ANSWERED.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof BrokerUnavailableException unavailable) {
                LOG.log(System.Logger.Level.DEBUG, "server API call: {0}", unavailable.getMessage());
                return unavailable();
            }
            LOG.log(System.Logger.Level.ERROR, "server API call failed", failed.getCause());
            return internalError();
        } catch (TimeoutException stuck) {
            LOG.log(System.Logger.Level.ERROR, "server API call not answered within " + NEVER_ANSWERED, stuck);
            return internalError();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return unavailable();
        }
        return reply.apply(value);
    }

    /** A fault of Roomcast's own; what it was is in the log, not in the answer. */
    static Response internalError() {
        return refused(500, "internal_error", "the server failed to answer; the failure is in its log");
    }

    /** The broker (Redis) did not answer in time. */
    private static Response unavailable() {
        return Response.fromResponse(refused(503, "unavailable", "the message broker did not answer; try again"))
                .header("Retry-After", "1").build();
    }

    private static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ENCODER.encode(body)).build();
    }
}
