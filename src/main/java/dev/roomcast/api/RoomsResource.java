package dev.roomcast.api;

import dev.roomcast.message.ServerMessage;
import dev.roomcast.room.RoomStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * Rooms, for the application: publish, room info, the list of rooms, history, reset. Every call acts on the
 * whole cluster: the room store answers from Redis on a clustered node.
 */
@Path("rooms")
@ApplicationScoped
public class RoomsResource {

    /** The largest page of rooms or messages one call returns. */
    static final long MAX_LIMIT = 100;
    private static final long DEFAULT_LIMIT = 50;

    /** A page of the room list; {@code next} is the {@code after} of the following page, null on the last one. */
    public record RoomList(List<ServerMessage.RoomSummary> rooms, String next) {
    }

    @Inject
    RoomStore rooms;

    @Inject
    Validator validator;

    /**
     * Rooms with people present on any node, by name, {@code limit} at a time after {@code after}; with
     * {@code search}, those whose name contains it.
     */
    @GET
    public Response list(@QueryParam("after") String after, @QueryParam("search") String search,
                         @QueryParam("limit") String limit) {
        int size = Parameters.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT).intValue();
        return ApiReply.await(rooms.list(after, Parameters.search(search), size), listed -> ApiReply.ok(
                new RoomList(listed, listed.size() < size ? null : listed.get(listed.size() - 1).room())));
    }

    /** The room's epoch, latest number and present users; 404 when no room of that name is known. */
    @GET
    @Path("{room}")
    public Response info(@PathParam("room") String room) {
        return ApiReply.await(rooms.info(Parameters.room(room)), info -> found(info, room));
    }

    /** Posts a message from the application; answers its number and epoch. */
    @POST
    @Path("{room}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("room") String room, String body) {
        String name = Parameters.room(room);
        Requests.Publish publish = Parameters.body(body, Requests.Publish.class, validator);
        return ApiReply.await(rooms.publish(name, publish.label(), publish.text(), publish.idempotencyKey()), ApiReply::ok);
    }

    /** A page of retained messages, oldest first: before {@code before}, after {@code after}, or the latest. */
    @GET
    @Path("{room}/messages")
    public Response messages(@PathParam("room") String room, @QueryParam("before") String before,
                                              @QueryParam("after") String after, @QueryParam("limit") String limit) {
        String name = Parameters.room(room);
        Long beforeSeq = Parameters.number("before", before, null, 1, Long.MAX_VALUE);
        Long afterSeq = Parameters.number("after", after, null, 0, Long.MAX_VALUE);
        if (beforeSeq != null && afterSeq != null) {
            throw new WebApplicationException(ApiReply.invalid("give 'before' or 'after', not both"));
        }
        int size = Parameters.number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT).intValue();
        return ApiReply.await(rooms.messages(name, beforeSeq, afterSeq, size), page -> found(page, room));
    }

    /** Drops the room's history and starts a new epoch; members are told {@code reset}. */
    @POST
    @Path("{room}/reset")
    public Response reset(@PathParam("room") String room) {
        return ApiReply.await(rooms.reset(Parameters.room(room)), info -> found(info, room));
    }

    private static Response found(Optional<?> value, String room) {
        return value.map(ApiReply::ok).orElseGet(() -> ApiReply.notFound("no room '" + room + "' is known: nobody "
                + "has used it, or it was forgotten after room-idle-seconds"));
    }
}
