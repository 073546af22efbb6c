package dev.roomcast.api;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.backend.BackendEvents;
import dev.roomcast.message.JsonEncoder;
import dev.roomcast.message.ServerMessage;
import dev.roomcast.registry.UserConnection;
import dev.roomcast.registry.Users;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Users, for the application: a user's connections and rooms on every node, a personal message to every
 * connection of a user, and disconnecting (and banning) a user, on every node. The last two are accepted (202)
 * once every node has been told; nothing is kept for a user who is not connected.
 */
@Path("users/{user}")
@ApplicationScoped
public class UsersResource {

    /** What a call to a user reports: whom it addressed, and for a disconnect, the ban's length. */
    public record Addressed(String user, Long banSeconds) {
    }

    /**
     * A user as the cluster sees them: the ban left (0: none), each chat connection with its node and rooms, and
     * the nodes that did not answer in time (their connections are missing from the list).
     */
    @JsonbPropertyOrder({"user", "banSeconds", "connections", "unanswered"})
    public record UserView(String user, long banSeconds, List<UserConnection> connections, List<String> unanswered) {
    }

    private final JsonEncoder encoder = new JsonEncoder();

    @Inject
    Users users;

    @Inject
    Validator validator;

    @Inject
    BackendEvents events;

    @GET
    public Response lookup(@PathParam("user") String user) {
        String name = Parameters.user(user);
        return ApiReply.await(users.connections(name), found -> ApiReply.ok(new UserView(name,
                users.banSecondsLeft(name), found.connections(), found.unanswered())));
    }

    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@PathParam("user") String user, String body) {
        String name = Parameters.user(user);
        Requests.Personal personal = Parameters.body(body, Requests.Personal.class, validator);
        String json = encoder.encode(new ServerMessage.Personal(personal.label(), personal.text(), Instant.now()));
        return ApiReply.await(users.send(name, json), sent -> ApiReply.accepted(new Addressed(name, null)));
    }

    @POST
    @Path("disconnect")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response disconnect(@PathParam("user") String user, String body) {
        String name = Parameters.user(user);
        Requests.Disconnect disconnect = Parameters.body(body, Requests.Disconnect.class, validator);
        String reason = disconnect.reasonOrDefault();
        if (reason.getBytes(StandardCharsets.UTF_8).length > Users.MAX_REASON_BYTES) {
            throw new WebApplicationException(ApiReply.invalid("'reason' must be at most " + Users.MAX_REASON_BYTES
                    + " bytes in UTF-8"));
        }
        long ban = disconnect.banSeconds() == null ? 0 : disconnect.banSeconds();
        return ApiReply.await(users.disconnect(name, reason, Duration.ofSeconds(ban)), done -> {
            events.report(BackendEvent.removed(name, reason, ban));
            return ApiReply.accepted(new Addressed(name, ban));
        });
    }
}
