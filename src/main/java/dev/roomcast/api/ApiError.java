package dev.roomcast.api;

/**
 * Every refusal of the server API: a stable {@code error} code ({@code unauthorized}, {@code forbidden},
 * {@code api_off}, {@code rate_limited}, {@code invalid_request}, {@code malformed_json}, {@code invalid_field},
 * {@code not_found}, {@code method_not_allowed}, {@code not_acceptable}, {@code unsupported_media_type},
 * {@code internal_error}, {@code unavailable}) and a {@code message} for people, as docs/openapi.yaml lists them.
 */
public record ApiError(String error, String message) {
}
