package dev.roomcast.api;

/**
 * Every refusal of the server API: a stable {@code error} code ({@code unauthorized}, {@code forbidden},
 * {@code api_off}, {@code rate_limited}, {@code invalid_request}, {@code malformed_json}, {@code invalid_field},
 * {@code not_found}, {@code unavailable}) and a {@code message} for people.
 */
public record ApiError(String error, String message) {
}
