package dev.roomcast.api;

import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonEncoder;
import jakarta.validation.ConstraintViolation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
    /** How long a call waits for the broker before it answers 503. */
    static final int WAIT_SECONDS = 10;

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
     * The answer of a store or of the users seam as a response, waited for on the request's thread; 503 when the
     * broker failed or took longer than {@link #WAIT_SECONDS}. Waiting keeps every runtime on its plainest path:
     * an asynchronous response, suspended and resumed from a Redis thread, sometimes never reached the client on
     * the runner (a publish timed out in ClusterIT, a history page in ApiIT with Redis), and a call waits no
     * more than a round trip to Redis anyway.
     */
    static <T> Response await(CompletionStage<T> stage, Function<T, Response> reply) {
        T value;
        try {
            value = stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException failure) {
            return unavailable();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return unavailable();
        }
        return reply.apply(value);
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
