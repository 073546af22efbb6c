package dev.roomcast.api;

import dev.roomcast.message.ClientMessage;
import dev.roomcast.message.InvalidMessageException;
import dev.roomcast.message.JsonCodec;
import dev.roomcast.security.Identity;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.WebApplicationException;
import java.util.Set;

/**
 * Reads a call's path, query and body, or stops it with a 400 that says which part is wrong. Query numbers are
 * read here rather than by Jakarta REST, which answers a malformed one with 404.
 */
final class Parameters {

    private Parameters() {
    }

    static String room(String room) {
        if (room == null || !room.matches(ClientMessage.ROOM_PATTERN)) {
            throw new WebApplicationException(ApiReply.invalid("'room' " + ClientMessage.ROOM_RULE));
        }
        return room;
    }

    static String user(String user) {
        if (user == null || !Identity.USER_NAME.matcher(user).matches()) {
            throw new WebApplicationException(ApiReply.invalid("'user' must be " + Identity.USER_NAME_RULE));
        }
        return user;
    }

    /** Text to look for in room names: null when absent or empty, at most as long as a room name. */
    static String search(String search) {
        if (search == null || search.isEmpty()) {
            return null;
        }
        if (search.length() > MAX_SEARCH_LENGTH) {
            throw new WebApplicationException(ApiReply.invalid("'search' must be at most " + MAX_SEARCH_LENGTH
                    + " characters"));
        }
        return search;
    }

    /** As long as the longest room name ({@link ClientMessage#ROOM_PATTERN}). */
    static final int MAX_SEARCH_LENGTH = 64;

    /** A whole number from {@code min} to {@code max}, {@code fallback} when absent. */
    static Long number(String name, String value, Long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new WebApplicationException(ApiReply.invalid("'" + name + "' must be a whole number from " + min
                + " to " + max));
    }

    /** The JSON body as the record {@code type}, checked field by field and then validated. */
    static <T> T body(String json, Class<T> type, Validator validator) {
        T request;
        try {
            request = JsonCodec.decode(json == null ? "" : json, type);
        } catch (InvalidMessageException e) {
            throw new WebApplicationException(ApiReply.invalid(e));
        }
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new WebApplicationException(ApiReply.invalid(violations));
        }
        return request;
    }
}
