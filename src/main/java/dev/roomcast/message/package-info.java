/**
 * The message model: records for everything that crosses the wire, and their JSON-B codecs.
 *
 * <p>Depends only on {@code config} (the size and length limits that decoding and validation apply); endpoints,
 * rooms, the API and the registry depend on it. Inbound text is decoded strictly
 * ({@link dev.roomcast.message.JsonCodec}): a wrong JSON type is an
 * {@link dev.roomcast.message.InvalidMessageException} with a protocol error code, never a silent coercion.
 */
package dev.roomcast.message;
